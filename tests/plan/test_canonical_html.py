"""The regular-expression reading of HTML agrees with html.parser wherever it answers.

`canonical.html` reads well-formed bodies with a few regular expressions and leaves the
rest to html.parser. Both must give the same canonical form, or a body would compare
unequal to itself depending on which path read it: a perpetual diff. The property test
builds bodies from fragments chosen to sit on the edges of the fast grammar (case,
spacing, quoting, entities, void and self-closed tags, stray "<" and "&", comments,
<pre>) and checks that the fast path either declines or agrees exactly.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from seqsync.plan import canonical
from seqsync.plan.canonical import _fast_parts, _parsed_parts
from tests.benchmarks.bench_long_emails import body

FRAGMENTS = [
    "<p>",
    "</p>",
    "<P>",
    "</P >",
    "<br>",
    "<br/>",
    "<br />",
    "</br>",
    "<p/>",
    "<img src='a.png' alt=\"A &amp; B\">",
    "<img src=a.png/>",
    "<a href=https://x.example/?a=1&amp;b=2>",
    '<a href="https://x.example/?a=1&b=2" class="c">',
    "<a HREF = 'x' data-x>",
    "<input disabled disabled='x'>",
    "<div\tclass=x\n>",
    '<span title="a>b">',
    "<span\u00a0x>",
    "</a>",
    "</div class=x>",
    "<my-tag>",
    "<h1>",
    "</h1>",
    "<pre>",
    "</pre>",
    "<script>",
    "</script>",
    "<!-- note -->",
    "<!DOCTYPE html>",
    "<?xml?>",
    "&nbsp;",
    "&amp;",
    "&amp",
    "&#160;",
    "&#x1F600;",
    "&#x1g;",
    "&",
    "<",
    ">",
    "< p>",
    "<3",
    "Hi {{firstName}},",
    "  ",
    " ",
    "\n",
    "\t",
    "\u00a0",
    "\u2003",
    "\x0b",
    "\x1c",
    "\x00",
    "word",
    "Ünïcode",
    '"',
    "'",
    "=",
    "/",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=24))
def test_fast_path_declines_or_agrees_with_the_parser(fragments: list[str]) -> None:
    value = "".join(fragments)
    fast = _fast_parts(value)
    if fast is not None:
        assert "".join(fast) == "".join(_parsed_parts(value))


def test_fast_path_reads_what_editors_write() -> None:
    rng = random.Random(11)
    bodies = [body(rng, 2) for _ in range(5)] + [
        '<div style="font-family: Arial"><p>Hi {{first_name}},</p><br/>'
        '<p>See <a href="https://acme.example/a?x=1&amp;y=2" target="_blank">this</a>'
        "&nbsp;&mdash; thanks</p><img src='https://acme.example/logo.png' alt=\"Acme\"></div>"
    ]
    for value in bodies:
        assert _fast_parts(value) is not None, value[:80]
        assert canonical.html(value) == canonical.html(value.replace("<p>", "<P>"))


def test_duplicate_attributes_with_and_without_value_do_not_crash() -> None:
    # Sorting ("disabled", None) against ("disabled", "x") used to raise TypeError.
    assert canonical.html("<input disabled='x' disabled>") == '<input disabled disabled="x">'
