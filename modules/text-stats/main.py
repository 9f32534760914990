"""text-stats: counts words, lines and characters of a text and lists its most frequent words."""
import re
from collections import Counter

from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest, main

# A word is a run of letters/digits, with inner apostrophes or hyphens ("don't", "well-known").
WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


class TextStats(Module):
    name = "text-stats"
    version = "1.0.0"
    description = "Counts words, lines and characters of a text and lists its most frequent words."
    inputs = [Input("text", Kind.TEXT, media_type="text/plain", description="The text to analyse.")]
    outputs = [Output("stats", Kind.JSON, media_type="application/json",
                      description="words, lines, characters, uniqueWords and topWords [{word, count}].")]
    params = {
        "type": "object",
        "properties": {
            "top": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10,
                    "description": "How many of the most frequent words to list."},
            "lowercase": {"type": "boolean", "default": True,
                          "description": "Count 'The' and 'the' as the same word."},
        },
        "additionalProperties": False,
    }
    resources = Resources(cpu=1, memory_mb=1024)  # about 27x the text: a 22 MB text peaked at 600 MB
    timeout_seconds = 60

    def run(self, ctx):
        text = ctx.inputs["text"].read_text()
        top = int(ctx.params["top"])
        if not 1 <= top <= 100:
            raise ValueError(f"top must be between 1 and 100, got {top}")
        words = WORD_RE.findall(text)
        if ctx.params["lowercase"]:
            words = [w.lower() for w in words]
        counts = Counter(words)
        # Ties are broken alphabetically so the output is deterministic.
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
        ctx.log.info("counted %d words", len(words))
        ctx.write_json("stats", {
            "words": len(words),
            "lines": len(text.splitlines()),
            "characters": len(text),
            "uniqueWords": len(counts),
            "topWords": [{"word": w, "count": c} for w, c in ranked],
        })
        ctx.progress(1.0, "done")

    def self_test(self):
        text = "The cat sat on the mat.\nThe dog didn't sit.\n"

        def check_counts(outputs):
            stats = outputs["stats"].read_json()
            assert stats["words"] == 10, f"expected 10 words, got {stats['words']}"
            assert stats["lines"] == 2, f"expected 2 lines, got {stats['lines']}"
            assert stats["characters"] == 44, f"expected 44 characters, got {stats['characters']}"
            assert stats["uniqueWords"] == 8, f"expected 8 unique words, got {stats['uniqueWords']}"

        def check_top_words(outputs):
            top = outputs["stats"].read_json()["topWords"]
            assert top == [{"word": "the", "count": 3}, {"word": "cat", "count": 1},
                           {"word": "didn't", "count": 1}], f"unexpected topWords {top}"

        return SelfTest(inputs={"text": Fixture.text(text)}, params={"top": 3},
                        checks=[check_counts, check_top_words])


if __name__ == "__main__":
    main()
