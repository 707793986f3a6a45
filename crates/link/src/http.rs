//! A SPARQL endpoint over HTTP: queries sent as forms, results asked for as JSON, a timeout on
//! every request and on every read of its answer, a cap on the answer's size, and retries with
//! backoff on failures that may pass (connection errors, 429 and 5xx answers).

use std::io::Read;
use std::time::Duration;

use crate::Error;

/// The default cap on one answer: far above any page of reconciliation candidates, far below
/// what would exhaust memory on a reply that never ends.
pub const DEFAULT_MAX_ANSWER: u64 = 64 * 1024 * 1024;

/// A remote SPARQL endpoint.
#[derive(Debug, Clone)]
pub struct Endpoint {
    url: String,
    agent: ureq::Agent,
    attempts: u32,
    max_answer: u64,
}

impl Endpoint {
    /// An endpoint at `url`, each request bounded by `timeout` as a whole, and each read of
    /// the network by `timeout` too (a stalled answer is dropped, not waited for).
    pub fn new(url: &str, timeout: Duration) -> Endpoint {
        Endpoint {
            url: url.to_owned(),
            agent: ureq::AgentBuilder::new()
                .timeout(timeout)
                .timeout_connect(timeout)
                .timeout_read(timeout)
                .timeout_write(timeout)
                .user_agent(concat!("newsgraph/", env!("CARGO_PKG_VERSION")))
                .build(),
            attempts: 3,
            max_answer: DEFAULT_MAX_ANSWER,
        }
    }

    /// The same endpoint with another cap on the size of one answer, in bytes.
    pub fn with_max_answer(mut self, bytes: u64) -> Endpoint {
        self.max_answer = bytes;
        self
    }

    /// Whether `url` can be an endpoint: an absolute `http` or `https` URL with a host.
    pub fn check_url(url: &str) -> Result<(), Error> {
        let bad = |message: &str| {
            Err(Error::BadUrl {
                url: url.to_owned(),
                message: message.to_owned(),
            })
        };
        let Some((scheme, rest)) = url.split_once("://") else {
            return bad("expected http://HOST/… or https://HOST/…");
        };
        if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
            return bad("only http and https are spoken");
        }
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if host.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return bad("no host, or spaces in the address");
        }
        Ok(())
    }

    /// The endpoint's address.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Runs a SELECT query; the body of the answer in SPARQL JSON results.
    pub fn select(&self, sparql: &str) -> Result<Vec<u8>, Error> {
        let r = self.send(&self.url, |agent, url| {
            agent
                .post(url)
                .set("Accept", "application/sparql-results+json")
                .send_form(&[("query", sparql)])
                .map_err(Box::new)
        })?;
        self.body(r)
    }

    /// Sends a request to `url` made by `request`, retrying with backoff on failures that may
    /// pass (connection errors, 429, 5xx); other refusals and bad addresses are not retried.
    pub(crate) fn send<F>(&self, url: &str, request: F) -> Result<ureq::Response, Error>
    where
        F: Fn(&ureq::Agent, &str) -> Result<ureq::Response, Box<ureq::Error>>,
    {
        Endpoint::check_url(url)?;
        let mut wait = Duration::from_millis(250);
        let (mut last, mut status) = (None, None);
        for attempt in 1..=self.attempts {
            match request(&self.agent, url).map_err(|e| *e) {
                Ok(r) => return Ok(r),
                Err(ureq::Error::Status(code, r)) if code != 429 && code < 500 => {
                    let mut text = String::new();
                    // the start of the answer is enough to say why
                    let _ = r.into_reader().take(4096).read_to_string(&mut text);
                    return Err(Error::Refused {
                        url: url.to_owned(),
                        status: code,
                        message: text.chars().take(300).collect(),
                    });
                }
                Err(ureq::Error::Transport(t))
                    if matches!(
                        t.kind(),
                        ureq::ErrorKind::InvalidUrl | ureq::ErrorKind::UnknownScheme
                    ) =>
                {
                    // retrying cannot mend an address
                    return Err(Error::BadUrl {
                        url: url.to_owned(),
                        message: t.to_string(),
                    });
                }
                Err(ureq::Error::Status(code, r)) => {
                    // 429 or 5xx: the store is there but failing; said as a refusal if it lasts
                    let mut text = String::new();
                    let _ = r.into_reader().take(4096).read_to_string(&mut text);
                    last = Some(text.chars().take(300).collect());
                    status = Some(code);
                    if attempt < self.attempts {
                        std::thread::sleep(wait);
                        wait *= 2;
                    }
                }
                Err(e) => {
                    // ureq names the address too; the message names it once
                    let text = e.to_string();
                    let prefix = format!("{url}: ");
                    last = Some(text.strip_prefix(&prefix).unwrap_or(&text).to_owned());
                    status = None;
                    if attempt < self.attempts {
                        std::thread::sleep(wait);
                        wait *= 2;
                    }
                }
            }
        }
        let message = format!(
            "{} (after {} attempts)",
            last.unwrap_or_default().trim_end(),
            self.attempts
        );
        Err(match status {
            Some(status) => Error::Refused {
                url: url.to_owned(),
                status,
                message,
            },
            None => Error::Unreachable {
                url: url.to_owned(),
                message,
            },
        })
    }

    /// Reads an answer's body, at most `max_answer` bytes of it.
    pub(crate) fn body(&self, r: ureq::Response) -> Result<Vec<u8>, Error> {
        let mut body = Vec::new();
        r.into_reader()
            .take(self.max_answer.saturating_add(1))
            .read_to_end(&mut body)
            .map_err(|e| Error::Unreachable {
                url: self.url.clone(),
                message: format!("reading the answer: {e}"),
            })?;
        if body.len() as u64 > self.max_answer {
            return Err(Error::TooLarge {
                url: self.url.clone(),
                limit: self.max_answer,
            });
        }
        Ok(body)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::io::Write;
    use std::net::TcpListener;

    /// A server on a free port that answers one request with `head` and then `body` forever
    /// (or stalls when `body` is empty), on a thread of its own.
    fn server(head: &'static str, body: &'static [u8]) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/sparql", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let Ok((mut s, _)) = listener.accept() else {
                return;
            };
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(head.as_bytes());
            if body.is_empty() {
                std::thread::sleep(Duration::from_secs(30));
            }
            while s.write_all(body).is_ok() {}
        });
        url
    }

    #[test]
    fn an_endless_answer_is_cut_at_the_size_cap() {
        let url = server(
            "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n",
            b"{\"head\":{\"vars\":[]},\"results\":{\"bindings\":[                        ",
        );
        let e = Endpoint::new(&url, Duration::from_secs(20)).with_max_answer(1 << 20);
        let err = e.select("SELECT * {}").unwrap_err();
        assert!(
            matches!(err, Error::TooLarge { limit, .. } if limit == 1 << 20),
            "{err}"
        );
    }

    #[test]
    fn a_stalled_answer_ends_at_the_read_timeout() {
        let url = server(
            "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 100\r\n\r\n",
            b"",
        );
        let e = Endpoint::new(&url, Duration::from_millis(300));
        let err = e.select("SELECT * {}").unwrap_err();
        assert!(matches!(err, Error::Unreachable { .. }), "{err}");
    }

    #[test]
    fn an_unreachable_endpoint_is_named_once() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/sparql", listener.local_addr().unwrap());
        drop(listener);
        let mut e = Endpoint::new(&url, Duration::from_secs(2));
        e.attempts = 1;
        let err = e.select("ASK {}").unwrap_err().to_string();
        assert!(matches!(e.select("ASK {}"), Err(Error::Unreachable { .. })));
        assert_eq!(err.matches(&url).count(), 1, "{err}");
    }

    #[test]
    fn an_address_that_is_not_a_url_is_refused_without_retries() {
        for bad in [
            "not a url",
            "ftp://example.org/sparql",
            "http://",
            "http:/x",
        ] {
            let e = Endpoint::new(bad, Duration::from_secs(1));
            assert!(
                matches!(e.select("ASK {}"), Err(Error::BadUrl { .. })),
                "{bad}"
            );
        }
        assert!(Endpoint::check_url("https://query.wikidata.org/sparql").is_ok());
        assert!(Endpoint::check_url("http://127.0.0.1:8890/sparql?x=1").is_ok());
    }
}
