//! The command-line definition (SPEC §8).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turn news articles into a knowledge graph of who did what to whom among governments.
#[derive(Debug, Parser)]
#[command(name = "newsgraph", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: Global,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The store directory.
    #[arg(
        long,
        global = true,
        default_value = "newsgraph-store",
        env = "NEWSGRAPH_STORE"
    )]
    pub store: PathBuf,
    /// Read gazetteers and lexicons from this directory instead of the copies built in.
    #[arg(long, global = true, env = "NEWSGRAPH_DATA")]
    pub data: Option<PathBuf>,
    /// Base of instance IRIs.
    #[arg(long, global = true, default_value = "https://w3id.org/newsgraph/id/")]
    pub base: String,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract articles and load them into the store (default input: seeds/).
    Build {
        /// Files or directories (.txt, .html, .jsonl), or - for standard input.
        inputs: Vec<PathBuf>,
    },
    /// Extract articles and print the result; no store is touched. JSON Lines on standard
    /// input (`-`) are a stream: each line's output is written and flushed as one piece, in
    /// input order.
    Extract {
        /// Files or directories, or - for standard input.
        inputs: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Jsonl)]
        format: ExtractFormat,
        /// Documents extracted at once (default: one per core); the output keeps input order.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
        workers: Option<u32>,
    },
    /// Bulk-load N-Quads made by `extract --format nquads` (e.g. the partitions a Spark job
    /// wrote) into the store: the same store `build` makes from the same articles.
    Load {
        /// A directory of partitions (`part-*`, `*.nq`, recursively) or one N-Quads file.
        dir: PathBuf,
    },
    /// Run a SPARQL query over the store (its default graph, where every fact is once;
    /// `GRAPH ?doc` reaches each document's graph).
    Query {
        /// A .rq file.
        file: Option<PathBuf>,
        /// The query text.
        #[arg(short = 'e', long = "expr", conflicts_with = "file")]
        expr: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
        format: QueryFormat,
        /// Allow SERVICE calls to remote SPARQL endpoints (federated queries).
        #[arg(long)]
        federate: bool,
        /// Send SERVICE calls for FROM to TO (a mirror, a local endpoint); implies --federate.
        #[arg(long = "service-map", value_name = "FROM=TO")]
        service_map: Vec<String>,
        /// Seconds the query may run, results included (also the wait for a remote endpoint);
        /// 0 for no limit.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
        /// MiB of memory the process may reach while the query runs; 0 for no limit.
        #[arg(long = "max-memory", value_name = "MIB", default_value_t = 8192)]
        max_memory: u64,
    },
    /// Reconcile entities still without an identifier against a SPARQL endpoint that speaks
    /// Wikidata's vocabulary, and record the links.
    Link {
        /// The endpoint (e.g. https://query.wikidata.org/sparql).
        #[arg(long)]
        endpoint: String,
        /// Print the decisions with their scores and margins; record nothing.
        #[arg(long)]
        dry_run: bool,
        /// The least score to accept a candidate.
        #[arg(long, default_value_t = 0.8)]
        threshold: f64,
        /// The least lead of the best candidate over the runner-up.
        #[arg(long, default_value_t = 0.1)]
        margin: f64,
        /// Labels per query.
        #[arg(long, default_value_t = 40)]
        batch: usize,
        /// Seconds to wait for the endpoint, per request.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
    },
    /// Send the store's graphs to an external store through the SPARQL 1.1 Graph Store
    /// Protocol: one PUT per document graph (a re-push replaces exactly that document), the
    /// external default graph kept with every fact once. Only graphs changed since the last
    /// push to that store are sent.
    Push {
        /// The external store's SPARQL endpoint (queries and updates).
        #[arg(long)]
        endpoint: String,
        /// Its Graph Store Protocol service (default: the endpoint; Virtuoso:
        /// http://HOST:8890/sparql-graph-crud).
        #[arg(long = "graph-store")]
        graph_store: Option<String>,
        /// The external graph that holds the default graph's facts (default
        /// <BASE>graph/default; `default` for the store's own default graph).
        #[arg(long = "default-graph")]
        default_graph: Option<String>,
        /// `user:password` for HTTP Basic authentication.
        #[arg(long)]
        auth: Option<String>,
        /// Say what would be sent; send and record nothing.
        #[arg(long)]
        dry_run: bool,
        /// Graphs per batch (one POST into the default graph per batch).
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
        batch: u32,
        /// Seconds to wait for the external store, per request.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
    },
    /// Export the graph.
    Export {
        /// Output format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Only the neighbourhood of this entity (id, IRI or label); dot and graphml.
        #[arg(long)]
        focus: Option<String>,
        /// Hops around --focus.
        #[arg(long, default_value_t = 1)]
        hops: usize,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
    /// Score extraction against gold annotations (SPEC §5).
    Eval {
        /// The gold directory (entities.json and one JSON per document).
        #[arg(long)]
        gold: PathBuf,
        /// Files or directories to extract (default: seeds/).
        inputs: Vec<PathBuf>,
        /// Score this extraction (JSON Lines) instead of extracting.
        #[arg(long, conflicts_with = "inputs")]
        system: Option<PathBuf>,
        /// List missed and spurious relations per document.
        #[arg(long)]
        per_doc: bool,
        /// Relation figures by predicate, structure and interaction.
        #[arg(long)]
        by_predicate: bool,
        /// Every missed and spurious entity, relation, quote and figure, one line each; under
        /// a missed relation, what the extractor saw in the gold's sentence.
        #[arg(long, conflicts_with = "json")]
        explain: bool,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Counts, most active actors, most frequent actions.
    Stats {
        /// How many actors and actions to list.
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
    /// Serve the store: a read-only SPARQL endpoint at /sparql and pages that show every fact
    /// with its sentence. Builds into the same store are picked up without restart.
    Serve {
        /// The address to listen on (port 0 picks a free one).
        #[arg(long, default_value = "127.0.0.1:7878")]
        bind: std::net::SocketAddr,
        /// Seconds one query may run.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        /// MiB of memory the process may reach while a query runs; 0 for no limit.
        #[arg(long = "max-memory", value_name = "MIB", default_value_t = 8192)]
        max_memory: u64,
        /// The most rows (or triples) one response carries.
        #[arg(long = "max-rows", default_value_t = 100_000)]
        max_rows: usize,
        /// The ready queries offered on the query page.
        #[arg(long, default_value = "queries")]
        queries: PathBuf,
        /// MiB of answers (results, pages) kept until the next build commits; 0 keeps none.
        #[arg(long = "cache", value_name = "MIB", default_value_t = 256)]
        cache_mib: u64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Jsonl,
    Nquads,
    Turtle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    Table,
    Csv,
    Tsv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Dot,
    Nquads,
    Turtle,
    Trig,
    Graphml,
}
