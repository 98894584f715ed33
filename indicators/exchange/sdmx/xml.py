"""SDMX-ML 2.1 namespaces."""

MESSAGE = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
STRUCTURE = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure"
COMMON = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
SS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
