#!/usr/bin/env python3
"""Validates DCAT-AP documents against the official DCAT-AP 3.0.1 SHACL shapes.

    python3 validate.py [--recommended] [--strict] [--isomorphic] FILE_OR_URL...

Each input (a file, or an http(s) URL) is parsed with rdflib (Turtle, RDF/XML or JSON-LD,
chosen by the file extension or the response's Content-Type) and validated with pyshacl
against shapes.ttl and range.ttl from this directory, with no inference: class memberships
must be stated in the data. Every result is listed; the exit status is 1 when any input has a
violation (or cannot be read), else 0.

--recommended  also loads shapes_recommended.ttl, whose results are warnings about
               recommended properties that are missing; they are listed but only fail the
               run with --strict.
--isomorphic   also requires all inputs to parse to the same graph (ignoring the Hydra
               paging node, whose links name their own serialisation).
"""

import argparse
import sys
import urllib.request
from pathlib import Path

try:
    import pyshacl
    from rdflib import Graph, Namespace, URIRef
    from rdflib.compare import to_isomorphic
    from rdflib.namespace import RDF, SH
except ImportError as e:  # pragma: no cover - reported to the caller
    print(f"validate.py needs rdflib and pyshacl (pip install pyshacl): {e}", file=sys.stderr)
    sys.exit(2)

HERE = Path(__file__).resolve().parent
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")

FORMATS = {
    ".ttl": "turtle",
    ".rdf": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
CONTENT_TYPES = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


def load(source: str) -> Graph:
    g = Graph()
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=60) as res:
            ct = res.headers.get_content_type()
            data = res.read()
        fmt = CONTENT_TYPES.get(ct) or FORMATS.get(Path(source.split("?")[0]).suffix, "turtle")
        g.parse(data=data, format=fmt, publicID=source)
    else:
        fmt = FORMATS.get(Path(source).suffix, "turtle")
        g.parse(source, format=fmt)
    return g


def shapes(recommended: bool) -> Graph:
    g = Graph()
    names = ["shapes.ttl", "range.ttl"] + (["shapes_recommended.ttl"] if recommended else [])
    for name in names:
        g.parse(HERE / name, format="turtle")
    return g


def short(g: Graph, term) -> str:
    if term is None:
        return "-"
    try:
        return g.namespace_manager.normalizeUri(term) if isinstance(term, URIRef) else str(term)
    except Exception:  # noqa: BLE001 - only for display
        return str(term)


def results(report: Graph):
    for r in report.subjects(RDF.type, SH.ValidationResult):
        yield {
            "severity": report.value(r, SH.resultSeverity),
            "focus": report.value(r, SH.focusNode),
            "path": report.value(r, SH.resultPath),
            "value": report.value(r, SH.value),
            "message": report.value(r, SH.resultMessage),
            "shape": report.value(r, SH.sourceShape),
            "component": report.value(r, SH.sourceConstraintComponent),
        }


def without_paging(g: Graph) -> Graph:
    out = Graph()
    views = set(g.subjects(RDF.type, HYDRA.PartialCollectionView))
    for t in g:
        if t[0] not in views:
            out.add(t)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+", help="Turtle, RDF/XML or JSON-LD files, or URLs")
    ap.add_argument("--recommended", action="store_true", help="also check recommended properties (warnings)")
    ap.add_argument("--strict", action="store_true", help="warnings fail the run too")
    ap.add_argument("--isomorphic", action="store_true", help="all inputs must be the same graph")
    args = ap.parse_args()

    shacl = shapes(args.recommended)
    failed = False
    graphs = []
    for source in args.inputs:
        try:
            data = load(source)
        except Exception as e:  # noqa: BLE001 - any parse or fetch error fails this input
            print(f"{source}: cannot read: {e}")
            failed = True
            continue
        graphs.append((source, data))
        _conforms, report, _text = pyshacl.validate(
            data,
            shacl_graph=shacl,
            inference="none",
            allow_warnings=True,
            abort_on_first=False,
        )
        found = list(results(report))
        violations = [r for r in found if r["severity"] == SH.Violation]
        warnings = [r for r in found if r["severity"] != SH.Violation]
        print(f"{source}: {len(data)} triples, {len(violations)} violations, {len(warnings)} warnings")
        for r in sorted(found, key=lambda r: (str(r["severity"]), str(r["focus"]), str(r["path"]))):
            print(
                "  {sev}: {focus} {path}{value}: {msg} [{comp}]".format(
                    sev=short(report, r["severity"]).replace("sh:", ""),
                    focus=short(data, r["focus"]),
                    path=short(data, r["path"]),
                    value=f" = {short(data, r['value'])}" if r["value"] is not None else "",
                    msg=r["message"] or "",
                    comp=short(report, r["component"]).replace("sh:", ""),
                )
            )
        if violations or (args.strict and warnings):
            failed = True

    if args.isomorphic and len(graphs) > 1:
        first_source, first = graphs[0]
        reference = to_isomorphic(without_paging(first))
        different = [s for s, g in graphs[1:] if to_isomorphic(without_paging(g)) != reference]
        for source in different:
            print(f"{source}: not the same graph as {first_source}")
        if different:
            failed = True
        else:
            print(f"{len(graphs)} inputs are the same graph")

    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
