"""The one XML parser of the exchange formats (SDMX-ML, ADX): it never expands an
entity, loads a DTD or reaches the network (XXE), and refuses huge trees."""

from lxml import etree


def safe_parser() -> etree.XMLParser:
    """No entity expansion, no DTD, no network; a DOCTYPE is refused by each reader."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
