"""Validate TBX files against the official schemas kept in ../shared (tests only).

lxml checks RELAX NG and DTDs. Schematron with ``queryBinding="xslt2"`` needs
an XSLT 2 engine: :func:`compile_schematron` turns a schema into an XSLT
stylesheet, in the manner of the ISO skeleton, and saxonche runs it.

The compiler covers what the TBX schemas use: ``ns``, ``let`` (schema, pattern
and rule level), ``pattern``, ``rule/@context``, ``assert`` and ``report`` with
text, ``name`` and ``value-of`` in their messages, and patterns embedded in a
RELAX NG grammar (TBX v2's integrated schema). Within a pattern each node is
checked by the first rule whose context matches, as Schematron requires.
Anything else (abstract patterns, ``extends``, ``include``, phases,
diagnostics) raises :class:`UnsupportedSchematron` instead of being skipped.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from conftest import SHARED

TBX_SCHEMAS = SHARED / "schemas" / "tbx"
V3_RNG = TBX_SCHEMAS / "v3" / "TBXcoreStructV03.rng"
V3_DCA_SCH = TBX_SCHEMAS / "v3" / "TBX-Basic_DCA.sch"
V2_RNG = TBX_SCHEMAS / "v2" / "TBXBasicRNGV02.rng"
V2_DTD = TBX_SCHEMAS / "v2" / "TBXBasiccoreStructV02.dtd"

ISO_SCH = "http://purl.oclc.org/dsdl/schematron"
OLD_SCH = "http://www.ascc.net/xml/schematron"
SCH_NAMESPACES = (ISO_SCH, OLD_SCH)
XSL = "http://www.w3.org/1999/XSL/Transform"
# Schematron Quick Fix only proposes repairs; it never changes a verdict.
SQF = "http://www.schematron-quickfix.com/validator/process"

_SAFE_PARSER = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)


class UnsupportedSchematron(Exception):
    """The schema uses a Schematron feature this small compiler does not implement."""


def _sch(element: etree._Element, name: str) -> bool:
    return (
        isinstance(element.tag, str)
        and etree.QName(element).localname == name
        and (etree.QName(element).namespace in SCH_NAMESPACES)
    )


def _avt(text: str) -> str:
    """``text`` as a literal inside an XSLT attribute value template."""
    return text.replace("{", "{{").replace("}", "}}")


def _x(tag: str) -> str:
    return f"{{{XSL}}}{tag}"


def _message(target: etree._Element, message: etree._Element) -> None:
    """Copy an assert/report message into ``target``, evaluating name and value-of."""
    parts: list[Any] = [message.text or ""]
    for child in message:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        if etree.QName(child).namespace not in SCH_NAMESPACES:
            raise UnsupportedSchematron(f"element {child.tag} in a message")
        local = etree.QName(child).localname
        if local == "name":
            parts.append(("value-of", f"name({child.get('path', '.')})"))
        elif local == "value-of":
            parts.append(("value-of", child.get("select", ".")))
        elif local in ("emph", "dir", "span"):
            parts.append("".join(child.itertext()))
        else:
            raise UnsupportedSchematron(f"<{local}> in a message")
        parts.append(child.tail or "")
    pending = ""
    for part in parts:
        if isinstance(part, str):
            pending += part
            continue
        etree.SubElement(target, _x("text")).text = re.sub(r"\s+", " ", pending)
        pending = ""
        etree.SubElement(target, _x("value-of"), select=part[1])
    etree.SubElement(target, _x("text")).text = re.sub(r"\s+", " ", pending)


def _variable(parent: etree._Element, let: etree._Element) -> None:
    if let.get("value") is None:
        raise UnsupportedSchematron("<let> without @value")
    etree.SubElement(parent, _x("variable"), name=let.get("name", ""), select=let.get("value", ""))


def _check_supported(root: etree._Element) -> None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        qname = etree.QName(element)
        if qname.namespace not in SCH_NAMESPACES:
            continue
        local = qname.localname
        if local in ("include", "extends", "phase", "diagnostics", "diagnostic", "param", "key"):
            raise UnsupportedSchematron(f"<{local}>")
        if element.get("abstract") == "true" or element.get("is-a"):
            raise UnsupportedSchematron("abstract patterns and rules")
        if local in ("assert", "report") and (element.get("diagnostics") or element.get("subject")):
            raise UnsupportedSchematron("@diagnostics or @subject on assert/report")


def compile_schematron(schema: etree._Element) -> bytes:
    """An XSLT stylesheet reporting every failed assert and fired report of ``schema``.

    ``schema`` is a Schematron ``<schema>`` or any document embedding Schematron
    patterns (a RELAX NG grammar). Its output is ``<failures>`` holding one
    ``<failure pattern= role= location=>message</failure>`` per finding.
    """
    _check_supported(schema)
    is_schema = _sch(schema, "schema")
    binding = (schema.get("queryBinding") if is_schema else None) or "xslt"
    if binding.lower() not in ("xslt", "xslt2", "xslt3"):
        raise UnsupportedSchematron(f"queryBinding {binding!r}")
    nsmap: dict[str | None, str] = {"xsl": XSL}
    for ns in schema.iter(*(f"{{{uri}}}ns" for uri in SCH_NAMESPACES)):
        nsmap[ns.get("prefix")] = ns.get("uri", "")
    # queryBinding "xslt" means XPath 1.0: version 1.0 runs Saxon in backwards-compatible mode.
    version = {"xslt": "1.0", "xslt2": "2.0", "xslt3": "3.0"}[binding.lower()]
    xslt = etree.Element(_x("stylesheet"), nsmap=nsmap, version=version)
    etree.SubElement(xslt, _x("output"), method="xml", indent="yes")
    if is_schema:
        for let in schema:
            if _sch(let, "let"):
                _variable(xslt, let)
    patterns = list(schema.iter(*(f"{{{uri}}}pattern" for uri in SCH_NAMESPACES)))
    main = etree.SubElement(xslt, _x("template"), match="/")
    failures = etree.SubElement(main, "failures")
    for number, pattern in enumerate(patterns):
        mode = f"pattern{number}"
        label = pattern.get("id") or pattern.get("name") or mode
        etree.SubElement(failures, _x("apply-templates"), select="/", mode=mode)
        rules = [r for r in pattern if _sch(r, "rule")]
        for let in pattern:
            if _sch(let, "let"):
                _variable(xslt, let)
        for index, rule in enumerate(rules):
            template = etree.SubElement(
                xslt,
                _x("template"),
                match=rule.get("context", ""),
                mode=mode,
                # Earlier rules win: a node is checked by the first rule that matches it.
                priority=str(len(rules) - index + 1000),
            )
            for child in rule:
                if _sch(child, "let"):
                    _variable(template, child)
            for check in rule:
                if not (_sch(check, "assert") or _sch(check, "report")):
                    continue
                is_assert = _sch(check, "assert")
                test = check.get("test", "")
                condition = f"not({test})" if is_assert else f"({test})"
                when = etree.SubElement(template, _x("if"), test=condition)
                failure = etree.SubElement(
                    when,
                    "failure",
                    pattern=_avt(label),
                    kind="assert" if is_assert else "report",
                    test=_avt(" ".join(test.split())),
                    location="{path(.)}",
                )
                _message(failure, check)
            etree.SubElement(template, _x("apply-templates"), select="@*|*", mode=mode)
        etree.SubElement(xslt, _x("template"), match="text()", mode=mode, priority="-1")
        walk = etree.SubElement(xslt, _x("template"), match="@*|*", mode=mode, priority="-2")
        etree.SubElement(walk, _x("apply-templates"), select="@*|*", mode=mode)
    return etree.tostring(xslt, xml_declaration=True, encoding="utf-8", pretty_print=True)


_processor: Any = None


def saxon_processor() -> Any:
    global _processor
    if _processor is None:
        from saxonche import PySaxonProcessor

        _processor = PySaxonProcessor(license=False)
    return _processor


def compile_schematron_file(schema_path: Path) -> Any:
    """A saxonche executable for the Schematron in (or embedded in) ``schema_path``."""
    return _compiled(str(schema_path))


@cache
def _compiled(schema_path: str) -> Any:
    schema = etree.parse(schema_path, _SAFE_PARSER).getroot()
    stylesheet = compile_schematron(schema).decode("utf-8")
    return saxon_processor().new_xslt30_processor().compile_stylesheet(stylesheet_text=stylesheet)


def _root_text(data: bytes) -> str:
    """The document element as text: no prolog, so Saxon never fetches a DOCTYPE's DTD."""
    root = etree.fromstring(data, _SAFE_PARSER)
    return etree.tostring(root, encoding="unicode")


def schematron_errors(data: bytes, schema_path: Path) -> list[str]:
    """Failed asserts and fired reports of ``schema_path`` on the XML ``data``."""
    executable = compile_schematron_file(schema_path)
    node = saxon_processor().parse_xml(xml_text=_root_text(data))
    report = executable.transform_to_string(xdm_node=node)
    findings = etree.fromstring(report.encode("utf-8"))
    return [
        f"{f.get('location')}: [{f.get('pattern')}] {' '.join((f.text or '').split())}"
        for f in findings
    ]


@cache
def _relaxng(path: str) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(path, _SAFE_PARSER))


@cache
def _dtd(path: str) -> etree.DTD:
    return etree.DTD(path)


def relaxng_errors(data: bytes, schema_path: Path) -> list[str]:
    schema = _relaxng(str(schema_path))
    if schema.validate(etree.fromstring(data, _SAFE_PARSER)):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def dtd_errors(data: bytes, dtd_path: Path) -> list[str]:
    dtd = _dtd(str(dtd_path))
    if dtd.validate(etree.fromstring(data, _SAFE_PARSER)):
        return []
    return [f"line {e.line}: {e.message}" for e in dtd.error_log]


def tbx3_errors(data: bytes) -> list[str]:
    """TBX v3 TBX-Basic DCA: the core structure RELAX NG and the DCA Schematron."""
    return relaxng_errors(data, V3_RNG) + schematron_errors(data, V3_DCA_SCH)


def tbx2_errors(data: bytes) -> list[str]:
    """TBX v2 TBX-Basic: the integrated RELAX NG, its embedded Schematron, and the DTD."""
    return relaxng_errors(data, V2_RNG) + schematron_errors(data, V2_RNG) + dtd_errors(data, V2_DTD)
