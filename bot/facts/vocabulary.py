"""The book's vocabulary section: ``book word: [what people say, ...]``.

Each entry must lead to words the book really uses, in one step: a word people say appears once,
and is never itself an entry (that would be a chain or a circle, whose meaning depends on the order
of expansion).
"""

from __future__ import annotations

from bot.facts.fields import Reader, describe, line_of, snippet
from bot.facts.model import Event, Figure, Term
from bot.facts.names import fold
from bot.facts.strict_yaml import MappingNode, Node, ScalarNode


def read_vocabulary(reader: Reader, node: Node | None, known: frozenset[str]) -> tuple[Term, ...]:
    """The entries of the section, each checked against ``known`` (the book's words, folded)."""
    if node is None:
        return ()
    if not isinstance(node, MappingNode):
        reader.report(node, "vocabulary", f"expected a mapping of book words to lists, got {describe(node)}")
        return ()
    entries: list[tuple[str, Node, list[tuple[str, Node]]]] = []
    for key_node, value_node in node.value:
        where = f"vocabulary.{key_node.value}" if isinstance(key_node, ScalarNode) else "vocabulary"
        word = reader.text(key_node, where)
        if not word:
            continue
        missing = [w for w in fold(word).split() if w not in known]
        if missing:
            unknown = (
                f"{snippet(word)} is not a word of the book"
                if len(fold(word).split()) == 1
                else f"{snippet(word)} uses {', '.join(map(repr, missing))}, not a word of the book"
            )
            reader.report(
                key_node,
                where,
                f"{unknown} (no title, alias, count, statement, summary, tag or part has it); "
                "an entry must name the book's own word",
            )
        entries.append((word, key_node, reader.words(value_node, where, "words people say")))
    targets = {fold(word): key_node for word, key_node, _ in entries}
    seen: dict[str, tuple[str, Node]] = {}
    terms = []
    for word, _key_node, said in entries:
        kept = []
        for i, (phrase, phrase_node) in enumerate(said):
            folded = fold(phrase)
            where = f"vocabulary.{word}[{i}]"
            if folded == fold(word):
                reader.report(phrase_node, where, f"{snippet(phrase)} is listed as a word for itself")
            elif folded in targets:
                reader.report(
                    phrase_node,
                    where,
                    f"{snippet(phrase)} is itself a vocabulary entry "
                    f"(line {line_of(targets[folded])}): "
                    "entries must lead to the book's words in one step, never through another "
                    "entry (a chain or a circle)",
                )
            elif folded in seen:
                first_word, first_node = seen[folded]
                reader.report(
                    phrase_node,
                    where,
                    f"{snippet(phrase)} is listed twice (first under {snippet(first_word)}, "
                    f"line {line_of(first_node)})",
                )
            else:
                seen[folded] = (word, phrase_node)
                kept.append(phrase)
        terms.append(Term(word, tuple(kept)))
    return tuple(terms)


def book_words(facts: list[Figure | Event]) -> frozenset[str]:
    """Every word a fact shows or is found by, folded: what a vocabulary entry may point at."""
    texts: list[str] = []
    for fact in facts:
        texts += [fact.id.replace("_", " "), fact.title, *fact.aliases, *fact.tags, fact.note or ""]
        if isinstance(fact, Figure):
            texts += [fact.counts, fact.statement, *(p.label for p in fact.parts)]
            for rev in fact.revisions:
                texts += [rev.counts or "", rev.note or "", *(p.label for p in rev.parts)]
        else:
            texts += [fact.summary, fact.anniversary or ""]
    return frozenset(word for text in texts for word in fold(text).split())
