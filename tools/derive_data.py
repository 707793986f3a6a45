#!/usr/bin/env python3
"""Derive newsgraph's data/ gazetteers from the reference tables in ../shared/data.

Usage: python3 tools/derive_data.py [SHARED_DATA_DIR] [OUT_DIR]
       (defaults: ../shared/data and data/)

Only columns the extractor reads are kept; every output file starts with `#` comment lines
naming its source and licence (see data/README.md). Only identifiers present in the
reference tables are written: nothing is guessed. Curated files (federal_agencies.tsv,
organizations.tsv, people_extra.tsv, titles.tsv, triggers.tsv, ...) are written by hand
and are not touched by this script.
"""
import csv
import os
import sys
from collections import Counter

SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "data")
OUT = sys.argv[2] if len(sys.argv) > 2 else "data"

ODBL = ("# Licence: ODbL 1.0 for cells from dr5hn (\"Data by Countries States Cities Database — "
        "https://github.com/dr5hn/countries-states-cities-database — ODbL v1.0\"); this file is offered under ODbL 1.0.")


def read(name):
    with open(os.path.join(SHARED, name), encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)


def write(name, header_lines, columns, rows):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8", newline="") as f:
        for line in header_lines:
            f.write(line.rstrip() + "\n")
        f.write("\t".join(columns) + "\n")
        for r in rows:
            f.write("\t".join((r.get(c) or "").replace("\t", " ") for c in columns) + "\n")
    print(f"{path}: {len(rows)} rows")


def countries():
    rows = []
    for r in read("countries.tsv"):
        aliases = [a for a in r["aliases"].split("|") if a and a != r["name"]]
        rows.append(dict(name=r["name"], aliases="|".join(dict.fromkeys(aliases)), iso2=r["iso2"],
                         wikidata=r["wikidata"], geonames=r["geonames"], ocd_id=r["ocd_id"],
                         demonym=r["demonym"]))
    write("countries.tsv", [
        "# Countries: names, aliases, ISO code, Wikidata QID, GeoNames id, OCD division id, demonyms.",
        "# Source: ../shared/data/countries.tsv (datasets/country-codes, ODC-PDDL-1.0; dr5hn countries-states-cities-database, ODbL 1.0; opencivicdata/ocd-division-ids, CC0).",
        ODBL,
        "# Derived by tools/derive_data.py.",
    ], ["name", "aliases", "iso2", "wikidata", "geonames", "ocd_id", "demonym"], rows)


# Names the press uses for a division that the OCD tables do not carry (curated for newsgraph).
EXTRA_ALIASES = {
    "ocd-division/country:us/state:ny/place:new_york": ["New York City", "NYC", "N.Y.C."],
    "ocd-division/country:us/district:dc": ["Washington, D.C.", "D.C.", "District of Columbia", "Washington"],
    "ocd-division/country:us/state:ca/place:los_angeles": ["L.A."],
}


# Capitalised words that are also the unique name of some small place: never matched on their own.
COMMON_WORDS = set("""Police Justice Security Liberty Independence Union Commerce Republic Enterprise Federal National
Freedom Progress Unity Harmony Friendship Hope Opportunity Paradise Eureka Energy Industry Protection Welcome Story
Crystal Garden Marshall Justice Sheriff Mayor Governor Congress Senate Democrat Republican President Deputy Monday
Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October
November December Christmas Easter Home Center Central Plain Plains Early Late Normal Ideal Modern Reform Sanctuary
Canada Mexico China Texas Jersey Washington Jackson Franklin Clinton Jefferson Hamilton Trump Biden
Obama Bush Sessions Carter Nixon Decker Khan Ortiz War Peace Mission Battle Victory Truth Order Law Court Police Border
Alliance Bonanza Advance Gross Nice Needles Money Price Paris Rome Moscow""".split())


# Preferred labels where the bare name is ambiguous with a state.
LABELS = {"ocd-division/country:us/state:ny/place:new_york": "New York City"}


def divisions():
    rows = []
    verified = {r["ocd_id"]: r for r in read("seed_entity_ids.tsv") if r["ocd_id"]}
    all_rows = list(read("us_divisions.tsv"))
    name_count = Counter(r["short_name"] for r in all_rows if r["kind"] == "place")
    for r in all_rows:
        v = verified.get(r["ocd_id"]) or next(
            (verified[a] for a in r["alias_ocd_ids"].split("|") if a in verified), None)
        if r["kind"] == "borough":
            # a New York City borough in the news is the borough, not the county that shares
            # its land (Queens Q18424, not Queens County Q5142559): only a verified borough QID
            r["wikidata"] = v["wikidata_qid"] if v else ""
        if v:  # identifiers verified for the seeds' entities (seed_entity_ids.tsv)
            r["wikidata"] = r["wikidata"] or v["wikidata_qid"]
            r["geonames"] = r["geonames"] or v["geonames_id"]
        if r["valid_through"]:
            continue  # historical territories
        kind = r["kind"]
        names = [r["short_name"]] if kind in ("state", "territory", "place", "borough") else [r["name"]]
        if kind == "county" and r["name"] != r["short_name"]:
            names = [r["name"]]  # "Cook County", never bare "Cook"
        aliases = [a for a in r["aliases"].split("|") if a] + EXTRA_ALIASES.get(r["ocd_id"], [])
        if kind == "borough":
            aliases = [a for a in aliases if a not in names]
        # A place is matched on its own name when it is big enough to carry a GeoNames id
        # (world-cities: 15,000 inhabitants or more); smaller places only as "Place, State".
        standalone = "1" if kind in ("state", "territory", "borough") or (kind == "place" and r["geonames"]) else "0"
        if kind == "place" and r["wikidata"] and name_count[r["short_name"]] == 1 and r["short_name"] not in COMMON_WORDS:
            standalone = "1"
        if kind == "place" and r["short_name"] in COMMON_WORDS:
            standalone = "0"
        if kind == "county":
            standalone = "1"
        label = LABELS.get(r["ocd_id"], names[0])
        rows.append(dict(ocd_id=r["ocd_id"], name=names[0], label=label, aliases="|".join(aliases), kind=kind,
                         state=r["state"], wikidata=r["wikidata"], geonames=r["geonames"],
                         standalone=standalone, same_as=r["same_as_ocd_id"]))
    write("us_divisions.tsv", [
        "# U.S. states, territories, counties, boroughs and places with Open Civic Data division ids,",
        "# Wikidata QIDs and GeoNames ids where the reference tables join them (never fuzzily).",
        "# Source: ../shared/data/us_divisions.tsv (opencivicdata/ocd-division-ids CC0; dr5hn ODbL 1.0;",
        "# hearvox/wiki-media-cred CC0; datasets/world-cities CC BY 4.0, credit GeoNames https://www.geonames.org/).",
        ODBL,
        "# standalone=1: matched on the bare name; 0: only as \"Name, State\". Derived by tools/derive_data.py.",
    ], ["ocd_id", "name", "label", "aliases", "kind", "state", "wikidata", "geonames", "standalone", "same_as"], rows)


def agencies():
    rows = []
    for r in read("us_agencies.tsv"):
        aliases = [a for a in r["aliases"].split("|") if a and a.lower() != r["name"].lower() and a != r["acronym"]]
        # NSI match names are lower-case search keys; keep only those that look like names
        aliases = [a for a in aliases if any(c.isupper() for c in a)]
        rows.append(dict(name=r["name"], acronym=r["acronym"], aliases="|".join(aliases), wikidata=r["wikidata"],
                         level=r["level"], state=r["state"], parent=r["parent"]))
    write("us_agencies.tsv", [
        "# U.S. government agencies with Wikidata QIDs (name-suggestion-index operators) and congressional committees.",
        "# Source: ../shared/data/us_agencies.tsv: osmlab/name-suggestion-index (BSD-3-Clause, Copyright 2026,",
        "# name-suggestion-index contributors; notice in data/README.md) and unitedstates/congress-legislators (CC0).",
        "# Derived by tools/derive_data.py.",
    ], ["name", "acronym", "aliases", "wikidata", "level", "state", "parent"], rows)

    rows = []
    for r in read("nyc_agencies.tsv"):
        if r["operational_status"] in ("Dissolved", "Excluded"):
            continue
        rows.append(dict(name=r["name"], acronym=r["acronym"], aliases=r["aliases"], wikidata=r["wikidata"],
                         kind=r["organization_type"], level=r["level"], parent=r["parent"]))
    write("nyc_agencies.tsv", [
        "# New York City agencies and offices (names, acronyms, aliases, parent).",
        "# Source: ../shared/data/nyc_agencies.tsv: NYC Governance Organizations dataset, MODA-NYC/nyc-governance-organizations, MIT;",
        "# the 5 QIDs from osmlab/name-suggestion-index (BSD-3-Clause). Dissolved and excluded records dropped.",
        "# Derived by tools/derive_data.py.",
    ], ["name", "acronym", "aliases", "wikidata", "kind", "level", "parent"], rows)


def people():
    rows = []
    first = Counter()
    for r in read("us_people.tsv"):
        aliases = [a for a in r["aliases"].split("|") if a and a != r["name"] and "." not in a.split()[0]]
        rows.append(dict(name=r["name"], aliases="|".join(aliases), wikidata=r["wikidata"], role=r["role"],
                         state=r["state"], party=r["party"], current=r["current"]))
        for n in (r["first"], r["nickname"]):
            if n:
                first[n.split()[0]] += 1
    for r in read("us_officials_openstates.tsv"):
        if r["role"] in ("lower", "upper", "legislature"):
            pass
        rows.append(dict(name=r["name"], aliases="|".join(a for a in r["aliases"].split("|") if a and "." not in a.split()[0]),
                         wikidata="", role=r["title"] or r["role"], state=r["state"], party=r["party"], current=r["current"]))
        if r["given_name"]:
            first[r["given_name"].split()[0]] += 1
    # one row per name: a QID row wins over a QID-less duplicate
    seen = {}
    for r in rows:
        k = r["name"]
        if k not in seen or (r["wikidata"] and not seen[k]["wikidata"]):
            seen[k] = r
    rows = sorted(seen.values(), key=lambda r: r["name"])
    write("us_people.tsv", [
        "# U.S. politicians: members of Congress, presidents and vice presidents (with Wikidata QIDs), and",
        "# governors, mayors, state officials and legislators (no QIDs in the source).",
        "# Source: ../shared/data/us_people.tsv and us_officials_openstates.tsv (unitedstates/congress-legislators,",
        "# openstates/people; both CC0). Derived by tools/derive_data.py.",
    ], ["name", "aliases", "wikidata", "role", "state", "party", "current"], rows)
    names = sorted(n for n, c in first.items() if len(n) > 1 and n[0].isupper() and n.isalpha())
    write("first_names.tsv", [
        "# Given names of U.S. politicians, used to recognise unknown people (\"Freddi Goldstein\").",
        "# Source: given names in ../shared/data/us_people.tsv and us_officials_openstates.tsv (CC0).",
        "# Derived by tools/derive_data.py.",
    ], ["name"], [dict(name=n) for n in names])


# First-level subdivisions taken from ISO 3166-2 (the countries whose provinces, states and
# devolved nations the press names with their governments; the EU's member states are countries).
WORLD_SUBDIVISIONS = ("CA", "GB", "AU", "IN", "MX")
# Capitals that are also common English words or given names: never matched on their own.
CAPITAL_WORDS = {"Male", "Victoria", "Kingston", "Georgetown", "Stanley", "Douglas", "Hamilton", "Washington"}
ISO_3166_2 = os.environ.get("ISO_3166_2", "/usr/share/iso-codes/json/iso_3166-2.json")


def fold(name):
    """The name without diacritics ("Tamil Nādu" -> "Tamil Nadu")."""
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def world_divisions():
    import json
    countries = list(read("countries.tsv"))
    country_names = {fold(r["name"]).lower() for r in countries} | {
        fold(a).lower() for r in countries for a in r["aliases"].split("|") if a}
    rows = []
    with open(ISO_3166_2, encoding="utf-8") as f:
        subdivisions = json.load(f)["3166-2"]
    for d in subdivisions:
        cc = d["code"].split("-")[0]
        if cc not in WORLD_SUBDIVISIONS or d.get("parent"):
            continue
        if cc == "GB" and d["type"] not in ("Country", "Province"):
            continue  # the four nations; councils and boroughs are not first-level governments
        official = d["name"].split(" [")[0].strip()
        name = fold(official)  # the press writes "Tamil Nadu", ISO "Tamil N\u0101du"
        aliases = [official] if official != name else []
        if cc == "MX" and " de " in name:
            aliases.append(fold(name.split(" de ")[0]))  # "Coahuila de Zaragoza" -> "Coahuila"
        if fold(name).lower() in country_names or d["type"] == "Federal district":
            continue  # "México" the state: the country's name; Mexico City is a capital below
        rows.append(dict(name=name, aliases="|".join(dict.fromkeys(aliases)), kind=d["type"].lower(),
                         country=cc, code=d["code"], level="state"))
    for r in countries:
        cap = r["capital"]
        if r["status"] != "Yes" or not cap or r["iso2"] == "US" or cap in CAPITAL_WORDS:
            continue
        if fold(cap).lower() in country_names:
            continue  # "Singapore", "Luxembourg": the country's own name
        rows.append(dict(name=cap, aliases="", kind="national capital", country=r["iso2"], code="",
                         level="place"))
    write("world_divisions.tsv", [
        "# First-level subdivisions of Canada, the United Kingdom, Australia, India and Mexico (provinces,",
        "# territories, states, the four UK nations) and the capitals of sovereign countries other than the U.S.",
        "# level: state (a first-level division, whose government a premier, first minister, chief minister",
        "# or governor heads) or place. No identifiers are given: none is verified for these rows.",
        "# Sources: ISO 3166-2 as packaged by Debian's iso-codes (" + ISO_3166_2 + "), LGPL-2.1-or-later;",
        "# capitals: ../shared/data/countries.tsv (datasets/country-codes, ODC-PDDL-1.0).",
        "# Derived by tools/derive_data.py.",
    ], ["name", "aliases", "kind", "country", "code", "level"], rows)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    countries()
    divisions()
    agencies()
    people()
    world_divisions()
