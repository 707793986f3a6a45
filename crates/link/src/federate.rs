//! `SERVICE` calls of federated queries, answered over HTTP with a timeout; a service map sends
//! a service's IRI (`https://query.wikidata.org/sparql`) to another address (a mirror, a local
//! endpoint in tests).

use std::time::Duration;

use oxigraph::model::NamedNode;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use oxigraph::sparql::{DefaultServiceHandler, QueryEvaluationError, QuerySolutionIter};
use oxiri::Iri;
use spargebra::algebra::GraphPattern;

use crate::{Endpoint, Error};

/// Answers every `SERVICE` call over HTTP.
#[derive(Debug, Clone)]
pub struct Federation {
    map: Vec<(String, String)>,
    timeout: Duration,
}

impl Federation {
    /// A federation with a request timeout and a map of service addresses (`from`, `to`).
    pub fn new(timeout: Duration, map: Vec<(String, String)>) -> Federation {
        Federation { map, timeout }
    }

    /// Where a service is asked.
    pub fn address(&self, service: &str) -> String {
        self.map
            .iter()
            .find(|(from, _)| from == service)
            .map_or_else(|| service.to_owned(), |(_, to)| to.clone())
    }
}

impl DefaultServiceHandler for Federation {
    type Error = QueryEvaluationError;

    fn handle(
        &self,
        service_name: &NamedNode,
        pattern: &GraphPattern,
        base_iri: Option<&Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, QueryEvaluationError> {
        let service = |e: Error| QueryEvaluationError::Service(Box::new(e));
        let url = self.address(service_name.as_str());
        let query = spargebra::Query::Select {
            dataset: None,
            pattern: pattern.clone(),
            base_iri: base_iri.cloned(),
        }
        .to_string();
        let body = Endpoint::new(&url, self.timeout)
            .select(&query)
            .map_err(service)?;
        let parsed = QueryResultsParser::from_format(QueryResultsFormat::Json)
            .for_reader(std::io::Cursor::new(body))
            .map_err(|e| {
                service(Error::BadAnswer {
                    url: url.clone(),
                    message: e.to_string(),
                })
            })?;
        let ReaderQueryResultsParserOutput::Solutions(reader) = parsed else {
            return Err(service(Error::BadAnswer {
                url,
                message: "a boolean, not solutions".into(),
            }));
        };
        Ok(QuerySolutionIter::new(
            reader.variables().into(),
            Box::new(reader.map(|s| s.map_err(|e| QueryEvaluationError::Service(Box::new(e))))),
        ))
    }
}
