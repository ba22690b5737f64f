"""DCAT-AP catalog of a municipality's open data (W3C DCAT 2, with the classes and properties
DCAT-AP 2.1 makes mandatory or recommended), as Turtle (W3C RDF 1.1 Turtle) and JSON-LD 1.1.

- dcat:Catalog: dct:title, dct:description, dct:publisher, foaf:homepage, dct:language,
  dct:modified, dcat:dataset.
- dcat:Dataset (IRI: the dataset's page): dct:title (ja, en), dct:description,
  dct:identifier, dct:issued (first version), dct:modified (latest), owl:versionInfo,
  dct:publisher, dcat:landingPage, dct:conformsTo (the definition's sources), dcat:keyword,
  dcat:distribution.
- dcat:Distribution: dcat:accessURL, dcat:downloadURL, dcat:mediaType (IANA), dct:format
  (EU file types), dct:license, dct:title, dct:modified.
- dct:publisher: a foaf:Agent with foaf:name and dct:identifier (全国地方公共団体コード).

rdflib writes both formats; the JSON-LD context is given here, nothing is fetched.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, XSD

from jichitai.opendata.catalog import CatalogEntry
from jichitai.tenants.models import Municipality

FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
LANGUAGE_JPN = URIRef("http://publications.europa.eu/resource/authority/language/JPN")
MEDIA_TYPE = Namespace("http://www.iana.org/assignments/media-types/")
JSONLD_CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "xsd": str(XSD),
}


def dcat_graph(
    *, municipality: Municipality, catalog_url: str, entries: list[CatalogEntry]
) -> Graph:
    graph = Graph()
    for prefix, namespace in JSONLD_CONTEXT.items():
        graph.bind(prefix, namespace)
    catalog = URIRef(catalog_url)
    publisher = BNode()
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(municipality.full_name, lang="ja")))
    graph.add((publisher, DCTERMS.identifier, Literal(municipality.lg_code)))

    graph.add((catalog, RDF.type, DCAT.Catalog))
    title = f"{municipality.full_name} オープンデータカタログ"
    graph.add((catalog, DCTERMS.title, Literal(title, lang="ja")))
    description = f"{municipality.full_name}が自治体標準オープンデータセットの形式で公開するデータ"
    graph.add((catalog, DCTERMS.description, Literal(description, lang="ja")))
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, FOAF.homepage, catalog))
    graph.add((catalog, DCTERMS.language, LANGUAGE_JPN))
    if entries:
        latest = max(entry.modified for entry in entries)
        graph.add((catalog, DCTERMS.modified, Literal(latest, datatype=XSD.dateTime)))
    for entry in entries:
        dataset = _dataset(graph, entry, publisher)
        graph.add((catalog, DCAT.dataset, dataset))
    return graph


def _dataset(graph: Graph, entry: CatalogEntry, publisher: BNode) -> URIRef:
    dataset = URIRef(entry.url)
    definition = entry.dataset
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, Literal(definition.title, lang="ja")))
    graph.add((dataset, DCTERMS.title, Literal(definition.title_en, lang="en")))
    description = (
        f"{definition.title}（自治体標準オープンデータセット）。"
        f"第{entry.publication.version}版、{entry.publication.record_count}件。"
    )
    graph.add((dataset, DCTERMS.description, Literal(description, lang="ja")))
    graph.add((dataset, DCTERMS.identifier, Literal(entry.id_for())))
    graph.add((dataset, DCTERMS.issued, Literal(entry.issued, datatype=XSD.dateTime)))
    graph.add((dataset, DCTERMS.modified, Literal(entry.modified, datatype=XSD.dateTime)))
    graph.add((dataset, OWL.versionInfo, Literal(str(entry.publication.version))))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCAT.landingPage, dataset))
    graph.add((dataset, DCAT.keyword, Literal("自治体標準オープンデータセット", lang="ja")))
    graph.add((dataset, DCAT.keyword, Literal(definition.title, lang="ja")))
    for source in definition.sources:
        graph.add((dataset, DCTERMS.conformsTo, _standard(graph, source)))
    for distribution in entry.distributions:
        node = URIRef(distribution.url)
        graph.add((dataset, DCAT.distribution, node))
        graph.add((node, RDF.type, DCAT.Distribution))
        name = f"{definition.title}（{distribution.file_type}）"
        graph.add((node, DCTERMS.title, Literal(name, lang="ja")))
        graph.add((node, DCAT.accessURL, node))
        graph.add((node, DCAT.downloadURL, node))
        graph.add((node, DCAT.mediaType, MEDIA_TYPE[distribution.media_type]))
        graph.add((node, DCTERMS["format"], FILE_TYPE[distribution.file_type]))
        graph.add((node, DCTERMS.license, URIRef(entry.licence_url)))
        graph.add((node, DCTERMS.modified, Literal(entry.modified, datatype=XSD.dateTime)))
    return dataset


def _standard(graph: Graph, source: str) -> BNode:
    """The definition a dataset follows: the sources its YAML file cites, as text."""
    node = BNode()
    graph.add((node, RDF.type, DCTERMS.Standard))
    graph.add((node, DCTERMS.title, Literal(source, lang="ja")))
    return node


def dcat_turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def dcat_jsonld(graph: Graph) -> bytes:
    return graph.serialize(
        format="json-ld", context=JSONLD_CONTEXT, auto_compact=True, encoding="utf-8"
    )
