//! A real SPARQL store for the tests that talk to one (linking, federation, push): Debian's
//! Virtuoso (`virtuoso-opensource-7-bin`), started on free local ports with its own database
//! in a temporary folder and killed at the end. No test touches the internet.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A Virtuoso server for one test, killed on drop.
pub struct Virtuoso {
    child: Child,
    http: u16,
    sql: u16,
    dir: tempfile::TempDir,
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Virtuoso {
    /// Starts a server with an empty database of its own on free local ports.
    pub fn start() -> Virtuoso {
        for tool in ["virtuoso-t", "isql-vt"] {
            let found = Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .output()
                .unwrap()
                .status
                .success();
            assert!(
                found,
                "{tool} is needed for the linking tests (Debian: apt-get install virtuoso-opensource-7-bin)"
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display().to_string();
        let (sql, http) = (free_port(), free_port());
        let ini = format!(
            "[Database]\nDatabaseFile = {d}/v.db\nErrorLogFile = {d}/v.log\nLockFile = {d}/v.lck\n\
             TransactionFile = {d}/v.trx\nxa_persistent_file = {d}/v.pxa\nErrorLogLevel = 7\n\
             FileExtend = 200\nMaxCheckpointRemap = 2000\nStriping = 0\nTempStorage = TempDatabase\n\n\
             [TempDatabase]\nDatabaseFile = {d}/v-temp.db\nTransactionFile = {d}/v-temp.trx\n\
             MaxCheckpointRemap = 2000\nStriping = 0\n\n\
             [Parameters]\nServerPort = {sql}\nDirsAllowed = ., {d}\nNumberOfBuffers = 10000\n\
             MaxDirtyBuffers = 6000\nCheckpointInterval = 0\nThreadsPerQuery = 2\nMaxClientConnections = 10\n\n\
             [HTTPServer]\nServerPort = {http}\nServerRoot = {d}\nMaxClientConnections = 5\nServerThreads = 5\n\n\
             [SPARQL]\nResultSetMaxRows = 10000\nMaxQueryExecutionTime = 30\n"
        );
        std::fs::write(dir.path().join("virtuoso.ini"), ini).unwrap();
        let child = Command::new("virtuoso-t")
            .args(["+foreground", "+configfile", "virtuoso.ini"])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut v = Virtuoso {
            child,
            http,
            sql,
            dir,
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", http)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "Virtuoso did not start; see {d}/v.log"
            );
            if let Ok(Some(status)) = v.child.try_wait() {
                panic!("Virtuoso exited with {status}; see {d}/v.log");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        v
    }

    /// Runs one SQL statement through `isql-vt` as the administrator.
    pub fn isql(&self, statement: &str) {
        let out = Command::new("isql-vt")
            .arg(self.sql.to_string())
            .args(["dba", "dba"])
            .arg(format!("exec={statement}"))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && !text.contains("Error"),
            "{statement}: {text}"
        );
    }

    /// Loads a Turtle file into `graph`.
    pub fn load_turtle(&self, file: &Path, graph: &str) {
        let data = self.dir.path().join("load.ttl");
        std::fs::copy(file, &data).unwrap();
        self.isql(&format!(
            "DB.DBA.TTLP_MT(file_to_string_output('{}'), '', '{graph}');",
            data.display()
        ));
    }

    /// Lets the anonymous SPARQL user update the store (Graph Store Protocol and SPARQL
    /// Update without authentication; a test server on loopback only).
    pub fn grant_updates(&self) {
        self.isql("GRANT SPARQL_UPDATE TO \"SPARQL\";");
    }

    /// The HTTP port (SPARQL endpoint, Graph Store Protocol).
    pub fn http_port(&self) -> u16 {
        self.http
    }

    /// The SPARQL endpoint.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/sparql", self.http)
    }

    /// The Graph Store Protocol service.
    pub fn graph_store(&self) -> String {
        format!("http://127.0.0.1:{}/sparql-graph-crud", self.http)
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
