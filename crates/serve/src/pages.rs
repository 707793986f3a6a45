//! The pages: search, entity, document, graph, query, statistics. Server-rendered HTML that
//! works without JavaScript; every fact is shown with its sentence and a link to its document.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use newsgraph_store::GraphStore;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use serde::Deserialize;

use crate::cache::Answer;
use crate::html::{char_span, esc, highlight, marked_text, page, url};
use crate::{AppState, Served};

pub(crate) type Row = HashMap<String, Term>;

/// The rows of a SELECT (bounded like every query of the server).
pub(crate) fn select(
    store: &GraphStore,
    limits: newsgraph_store::Limits,
    q: &str,
) -> Result<Vec<Row>, String> {
    let (results, dog) = store.query_limited(q, limits).map_err(|e| e.to_string())?;
    let QueryResults::Solutions(sols) = results else {
        return Err("not a SELECT query".into());
    };
    let vars: Vec<String> = sols
        .variables()
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    let mut out = Vec::new();
    for s in sols {
        let s = s.map_err(|e| match dog.fired() {
            Some(why) => why.to_string(),
            None => e.to_string(),
        })?;
        let mut row = Row::new();
        for v in &vars {
            if let Some(t) = s.get(v.as_str()) {
                row.insert(v.clone(), t.clone());
            }
        }
        out.push(row);
    }
    Ok(out)
}

/// A value as plain text: an IRI, a literal's lexical form.
pub(crate) fn text(row: &Row, var: &str) -> String {
    match row.get(var) {
        Some(Term::NamedNode(n)) => n.as_str().to_owned(),
        Some(Term::Literal(l)) => l.value().to_owned(),
        Some(t) => t.to_string(),
        None => String::new(),
    }
}

pub(crate) fn local(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

/// A rendered page: status, media type, body.
pub(crate) struct Page {
    status: StatusCode,
    media: &'static str,
    body: String,
}

/// An HTML page of status 200.
pub(crate) fn html(body: String) -> Page {
    Page {
        status: StatusCode::OK,
        media: "text/html; charset=utf-8",
        body,
    }
}

/// Runs a page's queries on a blocking thread, or answers from the pages kept for this state
/// of the store under `key`; an error is a 500 page.
pub(crate) async fn render(
    state: AppState,
    key: String,
    f: impl FnOnce(&AppState, &Served) -> Result<Page, String> + Send + 'static,
) -> Response {
    let served = state.current();
    let s = state.clone();
    let out = crate::blocking(move || {
        served.answers.get_or_compute(&key, || {
            let p = f(&s, &served).unwrap_or_else(|e| Page {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                media: "text/html; charset=utf-8",
                body: page("Error", &format!("<h1>Error</h1><p>{}</p>", esc(&e))),
            });
            Answer {
                status: p.status,
                media: p.media.to_owned(),
                body: p.body.into(),
                truncated: false,
            }
        })
    })
    .await;
    match out {
        Some(a) => (
            a.status,
            [(header::CONTENT_TYPE, a.media.clone())],
            a.body.clone(),
        )
            .into_response(),
        None => (StatusCode::INTERNAL_SERVER_ERROR, "the page worker failed").into_response(),
    }
}

pub(crate) fn limits(state: &AppState) -> newsgraph_store::Limits {
    state.config().limits
}

pub(crate) fn entity_iri(state: &AppState, id: &str) -> String {
    format!("{}entity/{id}", state.config().base)
}

pub(crate) fn entity_link(state: &AppState, iri: &str, label: &str) -> String {
    let base = format!("{}entity/", state.config().base);
    match iri.strip_prefix(&base) {
        Some(id) => format!("<a href=\"/entity/{}\">{}</a>", url(id), esc(label)),
        None => esc(label),
    }
}

pub(crate) fn doc_link(state: &AppState, iri: &str, headline: Option<&str>) -> String {
    let base = format!("{}doc/", state.config().base);
    match iri.strip_prefix(&base) {
        Some(id) => format!(
            "<a href=\"/doc/{}\">{}</a>",
            url(id),
            esc(headline.filter(|h| !h.is_empty()).unwrap_or(id))
        ),
        None => esc(iri),
    }
}

/// IRIs are inlined into queries only after this check (they come from our own links or
/// from the path, percent-decoded).
pub(crate) fn safe_iri(s: &str) -> bool {
    !s.chars().any(|c| {
        matches!(
            c,
            '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`' | ' '
        ) || c.is_control()
    })
}

fn literal(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `/`: search and what the store holds.
pub async fn home(State(state): State<AppState>) -> Response {
    render(state, "home".to_owned(), |state, store| {
        let docs = store.documents().map_err(|e| e.to_string())?.len();
        let types = select(
            store,
            limits(state),
            "SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE { VALUES ?t { ng:Person ng:Agency ng:Jurisdiction ng:Organization ng:Facility ng:Policy } ?e a ?t } GROUP BY ?t ORDER BY DESC(?n)",
        )?;
        let mut body = format!(
            "<h1>Who did what to whom</h1><p>{docs} documents. Search for a person, an agency or a place; every fact is shown with the sentence it comes from.</p>\
             <form action=\"/search\" method=\"get\"><input type=\"search\" name=\"q\" autofocus aria-label=\"Search\"> \
             <select name=\"type\"><option value=\"\">any type</option>"
        );
        for t in ["Person", "Agency", "Jurisdiction", "Organization", "Facility", "Policy"] {
            body.push_str(&format!("<option>{t}</option>"));
        }
        body.push_str("</select> <button>Search</button></form><ul>");
        for r in &types {
            body.push_str(&format!(
                "<li>{} {}</li>",
                esc(&text(r, "n")),
                esc(local(&text(r, "t")))
            ));
        }
        body.push_str("</ul>");
        Ok(html(page("newsgraph", &body)))
    })
    .await
}

/// The search parameters.
#[derive(Debug, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default, rename = "type")]
    kind: String,
}

fn matches(
    store: &GraphStore,
    state: &AppState,
    p: &SearchParams,
    limit: usize,
) -> Result<Vec<Row>, String> {
    let q = p.q.trim().to_lowercase();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let kind = match p.kind.as_str() {
        "" => String::new(),
        k if k.chars().all(|c| c.is_ascii_alphabetic()) => format!("FILTER (?type = ng:{k})"),
        _ => return Ok(Vec::new()),
    };
    select(
        store,
        limits(state),
        &format!(
            "SELECT ?e (SAMPLE(?l) AS ?label) (SAMPLE(?ty) AS ?type) (MIN(?rank) AS ?r) WHERE {{
               ?e rdfs:label|skos:altLabel ?name ; rdfs:label ?l ; a ?type .
               FILTER (CONTAINS(LCASE(STR(?name)), {lit})) {kind}
               BIND (?type AS ?ty)
               BIND (IF(LCASE(STR(?name)) = {lit}, 0, IF(STRSTARTS(LCASE(STR(?name)), {lit}), 1, 2)) AS ?rank)
             }} GROUP BY ?e ORDER BY ?r STR(?label) LIMIT {limit}",
            lit = literal(&q)
        ),
    )
}

/// `/search?q=…&type=…`: entities whose label or alias contains the words.
pub async fn search(State(state): State<AppState>, Query(p): Query<SearchParams>) -> Response {
    render(
        state,
        format!("search\n{}\n{}", p.q, p.kind),
        move |state, store| {
            let rows = matches(store, state, &p, 200)?;
            let mut body = format!("<h1>Search: {}</h1>", esc(&p.q));
            if rows.is_empty() {
                body.push_str("<p>No entity matches.</p>");
            } else {
                body.push_str("<table><tr><th>Entity</th><th>Type</th></tr>");
                for r in &rows {
                    body.push_str(&format!(
                        "<tr><td>{}</td><td class=\"type\">{}</td></tr>",
                        entity_link(state, &text(r, "e"), &text(r, "label")),
                        esc(local(&text(r, "type")))
                    ));
                }
                body.push_str("</table>");
            }
            Ok(html(page(&format!("Search {}", p.q), &body)))
        },
    )
    .await
}

/// `/suggest?q=…`: the first matches as JSON, for the search box.
pub async fn suggest(State(state): State<AppState>, Query(p): Query<SearchParams>) -> Response {
    render(
        state,
        format!("suggest\n{}\n{}", p.q, p.kind),
        move |state, store| {
            let rows = matches(store, state, &p, 10)?;
            let base = format!("{}entity/", state.config().base);
            let items: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    let iri = text(r, "e");
                    serde_json::json!({
                        "label": text(r, "label"),
                        "type": local(&text(r, "type")),
                        "url": iri.strip_prefix(&base).map(|id| format!("/entity/{id}")),
                    })
                })
                .collect();
            Ok(Page {
                status: StatusCode::OK,
                media: "application/json",
                body: serde_json::to_string(&items).map_err(|e| e.to_string())?,
            })
        },
    )
    .await
}

pub(crate) fn not_found_page(what: &str) -> Page {
    Page {
        status: StatusCode::NOT_FOUND,
        media: "text/html; charset=utf-8",
        body: page(
            "Not found",
            &format!("<h1>Not found</h1><p>{}</p>", esc(what)),
        ),
    }
}

/// Any other path.
pub async fn not_found() -> Response {
    let p = not_found_page("No page here. Try the search.");
    (p.status, Html(p.body)).into_response()
}

/// `/doc/{id}`: a document's metadata and its facts, each with its sentence.
pub async fn document(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    render(state, format!("doc\n{id}"), move |state, store| {
        let iri = format!("{}doc/{id}", state.config().base);
        if !safe_iri(&iri) {
            return Ok(not_found_page("No such document."));
        }
        let meta = select(
            store,
            limits(state),
            &format!("SELECT ?p ?o WHERE {{ GRAPH <{iri}> {{ <{iri}> ?p ?o }} }}"),
        )?;
        if meta.is_empty() {
            return Ok(not_found_page(&format!("No document '{id}' in the store.")));
        }
        let get = |name: &str| {
            meta.iter()
                .find(|r| text(r, "p").ends_with(name))
                .map(|r| text(r, "o"))
                .unwrap_or_default()
        };
        let headline = get("headline");
        let mut body = format!(
            "<h1>{}</h1><p class=\"muted\">{} · {} · {}</p>",
            esc(if headline.is_empty() { &id } else { &headline }),
            esc(&get("publisher")),
            esc(&get("datePublished")),
            match get("url") {
                u if u.starts_with("http") => format!("<a href=\"{}\">{}</a>", esc(&u), esc(&u)),
                u => esc(&u),
            }
        );
        let facts = select(
            store,
            limits(state),
            &format!(
                // the document's graph states the labels of its entities: every lookup stays
                // inside it, never walking a busy entity's quads in every other document
                "SELECT ?ev ?p ?a ?al ?t ?tl ?sentence ?pol ?mod WHERE {{
                   GRAPH <{iri}> {{ ?ev ng:predicate ?p ; ng:actor ?a ; ng:target ?t ; ng:sentence ?sentence ;
                                    ng:polarity ?pol ; ng:modality ?mod
                   OPTIONAL {{ ?a rdfs:label ?al }} OPTIONAL {{ ?t rdfs:label ?tl }} }}
                 }} ORDER BY ?sentence ?p ?al ?tl"
            ),
        )?;
        body.push_str(&format!("<div class=\"doc\"><section>{}</section><section><h2>Facts</h2>", doc_text(store, state, &iri)?));
        if facts.is_empty() {
            body.push_str("<p class=\"muted\">No facts were read from this document.</p>");
        } else {
            body.push_str("<table class=\"facts\"><tr><th>Actor</th><th>Act</th><th>Target</th><th>Evidence</th></tr>");
            for r in &facts {
                let (al, tl) = (text(r, "al"), text(r, "tl"));
                let mut act = local(&text(r, "p")).to_owned();
                if text(r, "pol") != "positive" {
                    act = format!("{act} ({})", text(r, "pol"));
                }
                if text(r, "mod") != "asserted" {
                    act = format!("{act} [{}]", text(r, "mod"));
                }
                body.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"sentence\">{}</td></tr>",
                    entity_link(state, &text(r, "a"), &al),
                    esc(&act),
                    entity_link(state, &text(r, "t"), &tl),
                    highlight(&text(r, "sentence"), &[al.clone(), tl.clone()])
                ));
            }
            body.push_str("</table>");
        }
        body.push_str("</section></div>");
        let mentioned = select(
            store,
            limits(state),
            &format!(
                "SELECT ?e ?l ?type (COUNT(?span) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?e ng:mentionedIn <{iri}> ; gaf:denotedBy ?span ;
                   rdfs:label ?l ; a ?type }} }} GROUP BY ?e ?l ?type ORDER BY DESC(?n) ?l"
            ),
        )?;
        if !mentioned.is_empty() {
            body.push_str("<h2>Entities mentioned</h2><ul>");
            for r in &mentioned {
                body.push_str(&format!(
                    "<li>{} <span class=\"type\">{} · {} mentions</span></li>",
                    entity_link(state, &text(r, "e"), &text(r, "l")),
                    esc(local(&text(r, "type"))),
                    esc(&text(r, "n"))
                ));
            }
            body.push_str("</ul>");
        }
        let quotes = select(
            store,
            limits(state),
            &format!(
                "SELECT ?text ?s ?sl WHERE {{ GRAPH <{iri}> {{ ?q a ng:Quote ; ng:text ?text
                   OPTIONAL {{ ?q ng:speaker ?s OPTIONAL {{ ?s rdfs:label ?sl }} }} }} }} ORDER BY ?text"
            ),
        )?;
        if !quotes.is_empty() {
            body.push_str("<h2>Quotes</h2><ul>");
            for r in &quotes {
                let who = if text(r, "s").is_empty() {
                    "<span class=\"muted\">unattributed</span>".to_owned()
                } else {
                    entity_link(state, &text(r, "s"), &text(r, "sl"))
                };
                body.push_str(&format!("<li>“{}” — {who}</li>", esc(&text(r, "text"))));
            }
            body.push_str("</ul>");
        }
        Ok(html(page(if headline.is_empty() { &id } else { &headline }, &body)))
    })
    .await
}

/// The document's text with the evidence of its facts marked and its mentions underlined
/// (stores built before the text was kept have none: the page says so).
fn doc_text(store: &GraphStore, state: &AppState, iri: &str) -> Result<String, String> {
    let nif = newsgraph_store::rdf::NIF;
    let rows = select(
        store,
        limits(state),
        &format!(
            "SELECT ?text ?evidence ?mention WHERE {{ GRAPH <{iri}> {{
               {{ ?c a <{nif}Context> ; <{nif}isString> ?text }}
               UNION {{ ?f ng:sentence ?s ; gaf:denotedBy ?evidence }}
               UNION {{ ?e ng:mentionedIn <{iri}> ; gaf:denotedBy ?mention }} }} }}"
        ),
    )?;
    let Some(full) = rows.iter().find(|r| r.contains_key("text")) else {
        return Ok("<h2>Text</h2><p class=\"muted\">This store does not keep the text of its documents (built by an older newsgraph); build the document again to see it here.</p>".into());
    };
    let spans = |var: &str| -> Vec<(usize, usize)> {
        rows.iter()
            .filter_map(|r| {
                r.contains_key(var)
                    .then(|| char_span(&text(r, var)))
                    .flatten()
            })
            .collect()
    };
    Ok(format!(
        "<h2>Text</h2><p class=\"muted\"><mark>evidence of a fact</mark> · <span class=\"mention\">a mention</span></p><div class=\"text\">{}</div>",
        marked_text(&text(full, "text"), &spans("evidence"), &spans("mention"))
    ))
}

/// The graph page's parameters.
#[derive(Debug, Deserialize)]
pub struct GraphParams {
    hops: Option<usize>,
}

/// `/graph/{id}?hops=N`: the neighbourhood as an SVG drawn by Graphviz, nodes linking to
/// their pages (a list of the neighbours when Graphviz is not installed).
pub async fn graph(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(p): Query<GraphParams>,
) -> Response {
    render(state, format!("graph\n{id}\n{:?}", p.hops), move |state, store| {
        let hops = p.hops.unwrap_or(1).min(3);
        let iri = entity_iri(state, &id);
        let full = newsgraph_graph::EntityGraph::from_store(store).map_err(|e| e.to_string())?;
        let near = match full.focus(&iri, hops) {
            Ok(g) => g,
            Err(_) => return Ok(not_found_page(&format!("No entity '{id}' in the graph."))),
        };
        let base = format!("{}entity/", state.config().base);
        let dot = near.to_dot_linked(|n| n.iri.strip_prefix(&base).map(|id| format!("/entity/{}", url(id))));
        let mut body = format!(
            "<h1>Around {}</h1><p>{hops} hop(s): <a href=\"?hops=1\">1</a> · <a href=\"?hops=2\">2</a> · <a href=\"?hops=3\">3</a> · <a href=\"/entity/{}\">entity page</a></p>",
            esc(near.graph.node_weights().find(|n| n.iri == iri).map_or(id.as_str(), |n| n.label.as_str())),
            url(&id)
        );
        match svg(&dot) {
            Some(svg) => body.push_str(&format!("<figure class=\"graph\">{svg}</figure>")),
            None => {
                body.push_str("<p class=\"muted\">Graphviz (<code>dot</code>) is not installed here, so the graph is listed instead.</p><ul>");
                for n in near.graph.node_weights() {
                    body.push_str(&format!("<li>{}</li>", entity_link(state, &n.iri, &n.label)));
                }
                body.push_str("</ul>");
            }
        }
        Ok(html(page(&format!("Graph {id}"), &body)))
    })
    .await
}

/// DOT to inline SVG with Graphviz, when installed.
fn svg(dot: &str) -> Option<String> {
    use std::io::Write;
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = dot.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().ok()?;
    let _ = writer.join();
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?;
    // drop the XML prolog and doctype: the <svg> element goes inline
    s.find("<svg").map(|i| s[i..].to_owned())
}

/// The query page's parameters.
#[derive(Debug, Deserialize)]
pub struct QueryParams {
    #[serde(default)]
    q: String,
}

/// `/query?q=…`: a SPARQL editor with the ready queries as examples, results as a table.
pub async fn query(State(state): State<AppState>, Query(p): Query<QueryParams>) -> Response {
    render(state, format!("query\n{}", p.q), move |state, store| {
        let mut examples = Vec::new();
        if let Some(dir) = &state.config().queries {
            if let Ok(rd) = std::fs::read_dir(dir) {
                for e in rd.flatten() {
                    let path = e.path();
                    if path.extension().is_some_and(|x| x == "rq") {
                        if let Ok(t) = std::fs::read_to_string(&path) {
                            examples.push((path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(), t));
                        }
                    }
                }
            }
        }
        examples.sort();
        let mut body = format!(
            "<h1>Query</h1><form method=\"get\" action=\"/query\"><textarea name=\"q\" rows=\"12\" aria-label=\"SPARQL query\">{}</textarea>\
             <p><button>Run</button> <span class=\"muted\">Prefixes ng:, rdfs:, schema:, prov:, gaf:, owl:, wd:, skos:, xsd: are declared. Tools can use the endpoint <code>/sparql</code>.</span></p></form>",
            esc(&p.q)
        );
        if !p.q.trim().is_empty() {
            match select(store, limits(state), &p.q) {
                Ok(rows) => {
                    let mut vars: Vec<String> = Vec::new();
                    for r in &rows {
                        for k in r.keys() {
                            if !vars.contains(k) {
                                vars.push(k.clone());
                            }
                        }
                    }
                    // the query's own order of variables where it can be read
                    let order = |v: &String| p.q.find(&format!("?{v}")).unwrap_or(usize::MAX);
                    vars.sort_by_key(order);
                    body.push_str(&format!("<p>{} rows</p><table class=\"results\"><tr>", rows.len()));
                    for v in &vars {
                        body.push_str(&format!("<th>{}</th>", esc(v)));
                    }
                    body.push_str("</tr>");
                    for r in rows.iter().take(state.config().max_rows.min(5000)) {
                        body.push_str("<tr>");
                        for v in &vars {
                            let t = text(r, v);
                            let cell = if t.starts_with(&state.config().base) && t.contains("/entity/") {
                                entity_link(state, &t, local(&t))
                            } else {
                                esc(&t)
                            };
                            body.push_str(&format!("<td>{cell}</td>"));
                        }
                        body.push_str("</tr>");
                    }
                    body.push_str("</table>");
                }
                Err(e) => body.push_str(&format!("<p class=\"neg\">{}</p>", esc(&e))),
            }
        }
        if !examples.is_empty() {
            body.push_str("<h2>Ready queries</h2><ul>");
            for (name, t) in &examples {
                let comment: String = t
                    .lines()
                    .take_while(|l| l.starts_with('#'))
                    .map(|l| l.trim_start_matches('#').trim())
                    .collect::<Vec<_>>()
                    .join(" ");
                body.push_str(&format!(
                    "<li><a href=\"/query?q={}\">{}</a> — {}</li>",
                    url(t),
                    esc(name),
                    esc(&comment)
                ));
            }
            body.push_str("</ul>");
        }
        Ok(html(page("Query", &body)))
    })
    .await
}

/// `/stats`: counts by type and predicate, the most active actors.
pub async fn stats(State(state): State<AppState>) -> Response {
    render(state, "stats".to_owned(), |state, store| {
        let docs = store.documents().map_err(|e| e.to_string())?.len();
        let mut body = format!("<h1>Statistics</h1><p>{docs} documents.</p>");
        let sections = [
            ("Entities by type", "SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE { VALUES ?t { ng:Person ng:Agency ng:Jurisdiction ng:Organization ng:Facility ng:Policy } ?e a ?t . BIND(STRAFTER(STR(?t), STR(ng:)) AS ?type) } GROUP BY ?type ORDER BY DESC(?n) ?type", None),
            ("Actions by predicate", "SELECT ?type (COUNT(DISTINCT ?ev) AS ?n) WHERE { ?ev a ng:Event ; ng:predicate ?p . BIND(STRAFTER(STR(?p), STR(ng:)) AS ?type) } GROUP BY ?type ORDER BY DESC(?n) ?type", None),
            ("Most active actors", "SELECT ?e (SAMPLE(?l) AS ?type) (COUNT(DISTINCT ?ev) AS ?n) WHERE { ?ev a ng:Event ; ng:actor ?e . ?e rdfs:label ?l } GROUP BY ?e ORDER BY DESC(?n) LIMIT 20", Some("e")),
            ("Most targeted", "SELECT ?e (SAMPLE(?l) AS ?type) (COUNT(DISTINCT ?ev) AS ?n) WHERE { ?ev a ng:Event ; ng:target ?e . ?e rdfs:label ?l } GROUP BY ?e ORDER BY DESC(?n) LIMIT 20", Some("e")),
        ];
        for (title, q, link) in sections {
            body.push_str(&format!("<h2>{title}</h2><table>"));
            for r in select(store, limits(state), q)? {
                let name = match link {
                    Some(v) => entity_link(state, &text(&r, v), &text(&r, "type")),
                    None => esc(&text(&r, "type")),
                };
                body.push_str(&format!("<tr><td>{name}</td><td>{}</td></tr>", esc(&text(&r, "n"))));
            }
            body.push_str("</table>");
        }
        Ok(html(page("Statistics", &body)))
    })
    .await
}
