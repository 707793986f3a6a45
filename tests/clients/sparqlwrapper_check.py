#!/usr/bin/env python3
"""Talks to a newsgraph SPARQL endpoint with Python's SPARQLWrapper (a real client, as
researchers use it): SELECT as JSON and XML, ASK, CONSTRUCT parsed by rdflib, POST, and an
update that the read-only endpoint must refuse. Prints one line per check; exits 1 on the
first failure.

Usage: sparqlwrapper_check.py ENDPOINT
"""
import sys

from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException
from urllib.error import HTTPError

endpoint = sys.argv[1]
PREFIX = "PREFIX ng: <https://w3id.org/newsgraph/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
SUBPOENAS = PREFIX + "SELECT DISTINCT ?target WHERE { ?e ng:predicate ng:subpoenas ; ng:target/rdfs:label ?target }"


def check(name, ok):
    print(f"{'ok  ' if ok else 'FAIL'} {name}")
    if not ok:
        sys.exit(1)


s = SPARQLWrapper(endpoint)
s.setQuery(SUBPOENAS)
s.setReturnFormat(JSON)
rows = s.query().convert()["results"]["bindings"]
targets = {r["target"]["value"] for r in rows}
check("SELECT as JSON lists Denver among the subpoenaed", "Denver" in targets)

s.setReturnFormat(XML)
doc = s.query().convert()
check("SELECT as XML", len(doc.getElementsByTagName("result")) == len(rows))

s.setMethod(POST)
s.setReturnFormat(JSON)
check("SELECT by POST", len(s.query().convert()["results"]["bindings"]) == len(rows))

s = SPARQLWrapper(endpoint)
s.setQuery(PREFIX + "ASK { ?e ng:predicate ng:subpoenas }")
s.setReturnFormat(JSON)
check("ASK", s.query().convert()["boolean"] is True)

s.setQuery(PREFIX + "CONSTRUCT { ?a ng:subpoenas ?b } WHERE { ?a ng:subpoenas ?b }")
s.setReturnFormat(TURTLE)
g = s.queryAndConvert()
try:
    import rdflib
    graph = rdflib.Graph().parse(data=g, format="turtle") if isinstance(g, (bytes, str)) else g
    n = len(graph)
except ImportError:
    n = g.count(b"subpoenas") if isinstance(g, bytes) else 0
check(f"CONSTRUCT as Turtle ({n} triples)", n >= 3)

s = SPARQLWrapper(endpoint)
s.setMethod(POST)
s.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
refused = False
try:
    s.query()
except (SPARQLWrapperException, HTTPError) as e:
    refused = "403" in str(e) or "read-only" in str(e) or getattr(e, "code", 0) == 403
check("an update is refused", refused)
