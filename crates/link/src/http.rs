//! A SPARQL endpoint over HTTP: queries sent as forms, results asked for as JSON, a timeout on
//! every request, and retries with backoff on failures that may pass (connection errors,
//! 429 and 5xx answers).

use std::time::Duration;

use crate::Error;

/// A remote SPARQL endpoint.
#[derive(Debug, Clone)]
pub struct Endpoint {
    url: String,
    agent: ureq::Agent,
    attempts: u32,
}

impl Endpoint {
    /// An endpoint at `url`, each request bounded by `timeout`.
    pub fn new(url: &str, timeout: Duration) -> Endpoint {
        Endpoint {
            url: url.to_owned(),
            agent: ureq::AgentBuilder::new()
                .timeout(timeout)
                .user_agent(concat!("newsgraph/", env!("CARGO_PKG_VERSION")))
                .build(),
            attempts: 3,
        }
    }

    /// The endpoint's address.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Runs a SELECT query; the body of the answer in SPARQL JSON results.
    pub fn select(&self, sparql: &str) -> Result<Vec<u8>, Error> {
        let mut wait = Duration::from_millis(250);
        let mut last = None;
        for attempt in 1..=self.attempts {
            let answer = self
                .agent
                .post(&self.url)
                .set("Accept", "application/sparql-results+json")
                .send_form(&[("query", sparql)]);
            match answer {
                Ok(r) => {
                    let mut body = Vec::new();
                    std::io::Read::read_to_end(&mut r.into_reader(), &mut body).map_err(|e| {
                        Error::Unreachable {
                            url: self.url.clone(),
                            message: e.to_string(),
                        }
                    })?;
                    return Ok(body);
                }
                Err(ureq::Error::Status(code, r)) if code != 429 && code < 500 => {
                    let text = r.into_string().unwrap_or_default();
                    return Err(Error::Refused {
                        url: self.url.clone(),
                        status: code,
                        message: text.chars().take(300).collect(),
                    });
                }
                Err(e) => {
                    last = Some(e.to_string());
                    if attempt < self.attempts {
                        std::thread::sleep(wait);
                        wait *= 2;
                    }
                }
            }
        }
        Err(Error::Unreachable {
            url: self.url.clone(),
            message: format!(
                "{} (after {} attempts)",
                last.unwrap_or_default(),
                self.attempts
            ),
        })
    }
}
