//! Answers kept for one committed state of the store. A store never changes while it is
//! served (a build commits a new state, which the server opens as a new store with an empty
//! cache), so an answer computed once is right until then: the ready queries and the pages of
//! busy entities, which read many thousands of quads on a large store, are computed once per
//! build. Bounded by bytes (quick_cache's S3-FIFO eviction). While one request computes an
//! answer, concurrent requests for the same key wait for it and share it, failures included
//! (eight clients sending one runaway query wait one timeout, not eight in turn); a failure of
//! the server (5xx: a stopped query, a worker that failed) is then dropped, so the next
//! request tries afresh.

use std::sync::Arc;

use axum::http::StatusCode;
use quick_cache::sync::GuardResult;

/// One answer: status, media type, body, and whether the row cap cut it.
#[derive(Debug)]
pub struct Answer {
    /// The status of the response.
    pub status: StatusCode,
    /// The media type of the body.
    pub media: String,
    /// The body (cloned without copying).
    pub body: axum::body::Bytes,
    /// True when the row cap cut the results.
    pub truncated: bool,
}

impl Answer {
    /// A plain-text answer (an error message).
    pub fn text(status: StatusCode, message: &str) -> Answer {
        Answer {
            status,
            media: "text/plain; charset=utf-8".into(),
            body: format!("{message}\n").into(),
            truncated: false,
        }
    }
}

#[derive(Clone)]
struct Bytes;

impl quick_cache::Weighter<String, Arc<Answer>> for Bytes {
    fn weight(&self, key: &String, answer: &Arc<Answer>) -> u64 {
        (key.len() + answer.body.len() + answer.media.len() + 64) as u64
    }
}

/// The answers of one state of the store.
pub struct Answers(quick_cache::sync::Cache<String, Arc<Answer>, Bytes>);

impl Answers {
    /// A cache of at most `bytes` (0 keeps nothing).
    pub fn new(bytes: u64) -> Answers {
        // one shard: the bound is split among shards and an answer heavier than its shard's
        // share is never kept, while a ready query's answer reaches tens of MB on 10,000
        // documents (quotes-by-speaker, 94,000 rows); the lock is held only to look up
        let options = quick_cache::OptionsBuilder::new()
            .estimated_items_capacity(1024)
            .weight_capacity(bytes.max(1))
            .shards(1)
            .build();
        match options {
            Ok(o) => Answers(quick_cache::sync::Cache::with_options(
                o,
                Bytes,
                Default::default(),
                Default::default(),
            )),
            Err(_) => Answers(quick_cache::sync::Cache::with_weighter(
                1024,
                bytes.max(1),
                Bytes,
            )),
        }
    }

    /// The answer of `key`: kept, or computed by `f` (waiting while another thread computes
    /// the same key, and sharing its answer).
    pub fn get_or_compute(&self, key: &str, f: impl FnOnce() -> Answer) -> Arc<Answer> {
        match self.0.get_value_or_guard(key, None) {
            GuardResult::Value(v) => v,
            GuardResult::Guard(guard) => {
                let answer = Arc::new(f());
                let _ = guard.insert(answer.clone());
                if answer.status.is_server_error() {
                    self.0.remove(key);
                }
                answer
            }
            // no timeout was given, so this is not reached; answer all the same
            GuardResult::Timeout => Arc::new(f()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &str) -> Answer {
        Answer {
            status: StatusCode::OK,
            media: "text/plain".into(),
            body: body.to_owned().into(),
            truncated: false,
        }
    }

    #[test]
    fn a_kept_answer_is_not_computed_again_and_server_failures_are_not_kept() {
        let cache = Answers::new(1 << 20);
        assert_eq!(&cache.get_or_compute("k", || ok("one")).body[..], b"one");
        assert_eq!(&cache.get_or_compute("k", || ok("two")).body[..], b"one");
        let stopped = || Answer::text(StatusCode::SERVICE_UNAVAILABLE, "stopped");
        assert!(cache.get_or_compute("e", stopped).status.is_server_error());
        assert_eq!(&cache.get_or_compute("e", || ok("ok")).body[..], b"ok");
        let bad = || Answer::text(StatusCode::BAD_REQUEST, "syntax");
        assert_eq!(
            cache.get_or_compute("b", bad).status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            cache.get_or_compute("b", || ok("x")).status,
            StatusCode::BAD_REQUEST
        );
    }
}
