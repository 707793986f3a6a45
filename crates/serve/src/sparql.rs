//! The SPARQL 1.1 Protocol at `/sparql`: queries by GET and POST (form or
//! `application/sparql-query`), `default-graph-uri` and `named-graph-uri`, results in the
//! format the client accepts, a service description when no query is given. Read-only:
//! updates are refused with 403. Every query is bounded (timeout, memory, rows).

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::NamedNode;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;

use crate::cache::Answer;
use crate::AppState;

/// The parameters of one request.
#[derive(Debug, Default)]
struct Request {
    query: Option<String>,
    update: bool,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
    format: Option<String>,
}

impl Request {
    fn add_pairs(&mut self, raw: &[u8]) {
        for (k, v) in form_urlencoded::parse(raw) {
            match k.as_ref() {
                "query" => self.query = Some(v.into_owned()),
                "update" => self.update = true,
                "default-graph-uri" => self.default_graphs.push(v.into_owned()),
                "named-graph-uri" => self.named_graphs.push(v.into_owned()),
                "format" | "output" => self.format = Some(v.into_owned()),
                _ => {}
            }
        }
    }
}

/// A plain-text error response.
pub fn error(status: StatusCode, message: &str) -> Response {
    let mut r = (status, format!("{message}\n")).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    cors(r)
}

/// Browsers on other origins may read the endpoint (it is read-only).
fn cors(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    r
}

/// The CORS preflight of a POST with a SPARQL body.
pub async fn preflight() -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Content-Type, Accept"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    cors(r)
}

/// `GET /sparql?query=…`, or the service description.
pub async fn get(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let mut req = Request::default();
    req.add_pairs(raw.unwrap_or_default().as_bytes());
    answer(state, req, &headers).await
}

/// `POST /sparql`: a form (`query=…` or `update=…`) or a body of `application/sparql-query`.
pub async fn post(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut req = Request::default();
    req.add_pairs(raw.unwrap_or_default().as_bytes());
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match content_type.as_str() {
        "application/x-www-form-urlencoded" => req.add_pairs(&body),
        "application/sparql-query" => match String::from_utf8(body.to_vec()) {
            Ok(q) => req.query = Some(q),
            Err(_) => return error(StatusCode::BAD_REQUEST, "the query is not UTF-8"),
        },
        "application/sparql-update" => req.update = true,
        other => {
            return error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                &format!("POST takes application/x-www-form-urlencoded or application/sparql-query, not '{other}'"),
            )
        }
    }
    answer(state, req, &headers).await
}

const READ_ONLY: &str =
    "this endpoint is read-only: SPARQL updates are refused (load articles with `newsgraph build`)";

async fn answer(state: AppState, req: Request, headers: &HeaderMap) -> Response {
    if req.update {
        return error(StatusCode::FORBIDDEN, READ_ONLY);
    }
    let Some(query) = req.query else {
        return service_description(&state, headers);
    };
    let parse_iris = |list: &[String]| -> Result<Vec<NamedNode>, String> {
        list.iter()
            .map(|g| {
                NamedNode::new(g.clone()).map_err(|e| format!("graph IRI '{g}' is not valid: {e}"))
            })
            .collect()
    };
    let (defaults, named) = match (
        parse_iris(&req.default_graphs),
        parse_iris(&req.named_graphs),
    ) {
        (Ok(d), Ok(n)) => (d, n),
        (Err(e), _) | (_, Err(e)) => return error(StatusCode::BAD_REQUEST, &e),
    };
    let accept = req.format.clone().unwrap_or_else(|| {
        headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    });
    let config = state.config().clone();
    let served = state.current();
    let key = cache_key(&accept, &defaults, &named, &query);
    let answer = crate::blocking(move || {
        served.answers.get_or_compute(&key, || {
            match evaluate(&served.store, &query, &defaults, &named, &accept, &config) {
                Ok(a) => a,
                Err((status, message)) => Answer::text(status, &message),
            }
        })
    })
    .await;
    let Some(answer) = answer else {
        return error(StatusCode::INTERNAL_SERVER_ERROR, "the query worker failed");
    };
    let mut r = (answer.status, answer.body.clone()).into_response();
    if let Ok(v) = HeaderValue::from_str(&answer.media) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    if answer.truncated {
        r.headers_mut()
            .insert("x-newsgraph-truncated", HeaderValue::from_static("true"));
    }
    cors(r)
}

/// The key of an answer kept: keyed by the formats the Accept header comes to, not by its
/// text, so clients that word it differently (curl's `*/*`, SPARQLWrapper's list, a
/// browser's) share one answer; the text stays in the key when a form of result has no format
/// (the 406 quotes it).
fn cache_key(accept: &str, defaults: &[NamedNode], named: &[NamedNode], query: &str) -> String {
    let formats = match (negotiate(accept, SOLUTIONS), negotiate(accept, GRAPHS)) {
        (Some(s), Some(g)) => format!("{s} {g}"),
        _ => format!("unmatched {accept}"),
    };
    format!("sparql\n{formats}\n{defaults:?}\n{named:?}\n{query}")
}

/// Runs a query within the bounds and serializes its results.
fn evaluate(
    store: &newsgraph_store::GraphStore,
    query: &str,
    defaults: &[NamedNode],
    named: &[NamedNode],
    accept: &str,
    config: &crate::Config,
) -> Result<Answer, Failure> {
    let (results, dog) = match store.query_dataset(query, config.limits, defaults, named) {
        Ok(r) => r,
        Err(newsgraph_store::Error::Syntax(e)) => {
            if oxigraph::sparql::SparqlEvaluator::new()
                .parse_update(query)
                .is_ok()
            {
                return Err((StatusCode::FORBIDDEN, READ_ONLY.to_owned()));
            }
            return Err((StatusCode::BAD_REQUEST, format!("SPARQL syntax: {e}")));
        }
        Err(e) => return Err((StatusCode::INTERNAL_SERVER_ERROR, e.to_string())),
    };
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        serialize(results, accept, config.max_rows)
    }));
    match out {
        Ok(Ok((media, body, truncated))) => Ok(Answer {
            status: StatusCode::OK,
            media,
            body: body.into(),
            truncated,
        }),
        Ok(Err(e)) => Err(match dog.fired() {
            Some(why) => (StatusCode::SERVICE_UNAVAILABLE, why.to_string()),
            None => e,
        }),
        Err(_) => Err((
            StatusCode::INTERNAL_SERVER_ERROR,
            "the SPARQL engine failed on this query (ORDER BY over terms of mixed kinds can do this; order by STR() of the variables)".to_owned(),
        )),
    }
}

type Failure = (StatusCode, String);

/// The first acceptable format of an Accept header among `offered` (media types), else the
/// first offered; `None` when the client accepts none of them.
fn negotiate<'a>(accept: &str, offered: &[&'a str]) -> Option<&'a str> {
    let accept = accept.trim();
    if accept.is_empty() {
        return offered.first().copied();
    }
    // short names (`format=json`) as well as media types
    let short = |m: &str| match accept {
        "json" => m.contains("json"),
        "xml" => m.contains("xml"),
        "csv" => m == "text/csv",
        "tsv" => m == "text/tab-separated-values",
        "turtle" | "ttl" => m == "text/turtle",
        "ntriples" | "nt" => m == "application/n-triples",
        "rdfxml" => m == "application/rdf+xml",
        "jsonld" => m == "application/ld+json",
        _ => false,
    };
    if let Some(m) = offered.iter().find(|m| short(m)) {
        return Some(m);
    }
    let mut ranges: Vec<(f32, &str)> = accept
        .split(',')
        .map(|part| {
            let mut it = part.split(';');
            let range = it.next().unwrap_or("").trim();
            let q = it
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|v| v.parse::<f32>().ok())
                .unwrap_or(1.0);
            (q, range)
        })
        .filter(|(q, _)| *q > 0.0)
        .collect();
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, range) in ranges {
        if range == "*/*" || range == "application/*" || range == "text/*" {
            let prefix = range.trim_end_matches('*');
            if let Some(m) = offered
                .iter()
                .find(|m| range == "*/*" || m.starts_with(prefix))
            {
                return Some(m);
            }
        }
        if let Some(m) = offered.iter().find(|m| range.eq_ignore_ascii_case(m)) {
            return Some(m);
        }
        // browsers ask for text/html first: give them something they show
        if range == "text/html" || range == "text/plain" {
            return offered.first().copied();
        }
    }
    None
}

const SOLUTIONS: &[&str] = &[
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
];
const GRAPHS: &[&str] = &[
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/ld+json",
    "application/n-quads",
];

/// Serializes results in the negotiated format: (media type, body, truncated).
fn serialize(
    results: QueryResults<'static>,
    accept: &str,
    max_rows: usize,
) -> Result<(String, Vec<u8>, bool), Failure> {
    let fail = |e: &dyn std::fmt::Display| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    let unacceptable = |offered: &[&str]| {
        (
            StatusCode::NOT_ACCEPTABLE,
            format!(
                "none of the accepted formats ({accept}) is offered; ask for one of {}",
                offered.join(", ")
            ),
        )
    };
    let mut body = Vec::new();
    let mut truncated = false;
    match results {
        QueryResults::Solutions(solutions) => {
            let media = negotiate(accept, SOLUTIONS).ok_or_else(|| unacceptable(SOLUTIONS))?;
            let format = if media == "application/json" {
                QueryResultsFormat::Json
            } else {
                QueryResultsFormat::from_media_type(media).ok_or_else(|| unacceptable(SOLUTIONS))?
            };
            let vars = solutions.variables().to_vec();
            let mut w = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(&mut body, vars)
                .map_err(|e| fail(&e))?;
            for (n, s) in solutions.enumerate() {
                if n >= max_rows {
                    truncated = true;
                    break;
                }
                let s = s.map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
                w.serialize(&s).map_err(|e| fail(&e))?;
            }
            w.finish().map_err(|e| fail(&e))?;
            Ok((format.media_type().to_owned(), body, truncated))
        }
        QueryResults::Boolean(b) => {
            let media = negotiate(accept, SOLUTIONS).ok_or_else(|| unacceptable(SOLUTIONS))?;
            let format =
                QueryResultsFormat::from_media_type(media).unwrap_or(QueryResultsFormat::Json);
            QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(&mut body, b)
                .map_err(|e| fail(&e))?;
            Ok((format.media_type().to_owned(), body, false))
        }
        QueryResults::Graph(triples) => {
            let media = negotiate(accept, GRAPHS).ok_or_else(|| unacceptable(GRAPHS))?;
            let format = RdfFormat::from_media_type(media).ok_or_else(|| unacceptable(GRAPHS))?;
            let mut ser = RdfSerializer::from_format(format);
            for (p, ns) in newsgraph_store::rdf::PREFIXES {
                ser = ser.with_prefix(*p, *ns).map_err(|e| fail(&e))?;
            }
            let mut w = ser.for_writer(&mut body);
            for (n, t) in triples.enumerate() {
                if n >= max_rows {
                    truncated = true;
                    break;
                }
                let t = t.map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
                w.serialize_triple(&t).map_err(|e| fail(&e))?;
            }
            w.finish().map_err(|e| fail(&e))?;
            Ok((format.media_type().to_owned(), body, truncated))
        }
    }
}

/// The SPARQL 1.1 Service Description of the endpoint, in Turtle.
fn service_description(state: &AppState, headers: &HeaderMap) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let endpoint = format!("http://{host}/sparql");
    let formats: String = [
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
        "JSON-LD",
    ]
    .iter()
    .map(|f| format!("<http://www.w3.org/ns/formats/{f}>"))
    .collect::<Vec<_>>()
    .join(", ");
    let docs = state
        .current()
        .store
        .documents()
        .map(|d| d.len())
        .unwrap_or(0);
    let body = format!(
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n\
         @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n\
         <{endpoint}> a sd:Service ;\n  sd:endpoint <{endpoint}> ;\n  \
         sd:supportedLanguage sd:SPARQL11Query ;\n  sd:resultFormat {formats} ;\n  \
         sd:feature sd:UnionDefaultGraph ;\n  \
         rdfs:comment \"newsgraph: {docs} documents; the default graph holds every fact once, each document is a named graph. Read-only.\" .\n"
    );
    let mut r = (StatusCode::OK, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/turtle"),
    );
    cors(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_headers_that_come_to_one_format_share_an_answer() {
        let key = |accept: &str| cache_key(accept, &[], &[], "ASK {}");
        assert_eq!(key("*/*"), key(""));
        assert_eq!(
            key("*/*"),
            key("application/sparql-results+json, text/turtle;q=0.5")
        );
        assert_ne!(key("*/*"), key("text/csv"));
        assert_ne!(key("text/csv"), key("text/csv, text/turtle"));
        assert_ne!(key("image/png"), key("image/gif"));
    }

    #[test]
    fn negotiation_prefers_the_clients_order_and_quality() {
        assert_eq!(
            negotiate("", SOLUTIONS),
            Some("application/sparql-results+json")
        );
        assert_eq!(
            negotiate("application/sparql-results+xml;q=0.9, text/csv", SOLUTIONS),
            Some("text/csv")
        );
        assert_eq!(negotiate("text/turtle", SOLUTIONS), None);
        assert_eq!(negotiate("*/*", GRAPHS), Some("text/turtle"));
        assert_eq!(
            negotiate("tsv", SOLUTIONS),
            Some("text/tab-separated-values")
        );
        assert_eq!(
            negotiate("application/rdf+xml", GRAPHS),
            Some("application/rdf+xml")
        );
    }
}
