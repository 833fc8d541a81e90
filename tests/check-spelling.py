#!/usr/bin/env python3
"""Spell-checks the guides with hunspell (en_US) and the project's word list.

Usage: check-spelling.py CONTENT_DIR
Prints TAP, one test per guide; a guide fails when it has a word neither the dictionary nor
content/wordlist.txt knows. Code, links, addresses and HTML are not checked."""
import re
import subprocess
import sys
from pathlib import Path

content = Path(sys.argv[1])
wordlist = content / "wordlist.txt"
guides = sorted((content / "guides").glob("*.md"))

FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
URL = re.compile(r"\b(?:https?://|www\.)\S+")
HTML = re.compile(r"</?[a-zA-Z][^>]*>")
ANCHOR = re.compile(r"\{#[^}]*\}")
# Emphasis inside a word ("**S**aturation") must not split it.
EMPHASIS = re.compile(r"(\*{1,3}|(?<![A-Za-z0-9])_{1,3}|_{1,3}(?![A-Za-z0-9]))")
# Words with digits, all-caps acronyms and identifiers-with-underscores are names, not prose.
SKIP = re.compile(r"^(?=.*\d)|^[A-Z0-9]{2,}s?$|_")


def prose(markdown: str) -> str:
    for pattern in (FENCE, INLINE_CODE, LINK_TARGET, URL, HTML, ANCHOR):
        markdown = pattern.sub(" ", markdown)
    return EMPHASIS.sub("", markdown)


def unknown_words(text: str) -> list[str]:
    result = subprocess.run(
        ["hunspell", "-d", "en_US", "-p", str(wordlist), "-l", "-i", "utf-8"],
        input=text, capture_output=True, text=True, check=True)
    words = {w for w in result.stdout.split() if not SKIP.search(w)}
    return sorted(words)


print(f"1..{len(guides)}")
failed = 0
for number, guide in enumerate(guides, 1):
    words = unknown_words(prose(guide.read_text(encoding="utf-8")))
    if words:
        failed += 1
        print(f"not ok {number} - {guide.name}: {len(words)} unknown words")
        for word in words:
            print(f"# {word}")
    else:
        print(f"ok {number} - {guide.name}")
sys.exit(1 if failed else 0)
