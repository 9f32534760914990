"""subtitles: timed transcript segments (JSON) to SRT or WebVTT subtitles, with readable cues."""
import re

from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest, main

MEDIA_TYPES = {"srt": "application/x-subrip", "vtt": "text/vtt"}


def timestamp(seconds, sep):
    ms = int(round(max(0.0, seconds) * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def wrap(words, width, max_lines):
    """Lines of at most `width` characters (a longer single word stands alone), as even as possible."""
    lines, line = [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        lines.append(line)
    if len(lines) == 2:  # balance two lines: "a long first line / x" reads worse than two halves
        best = None
        for i in range(1, len(words)):
            a, b = " ".join(words[:i]), " ".join(words[i:])
            if len(a) <= width and len(b) <= width and (best is None or max(len(a), len(b)) < best[0]):
                best = (max(len(a), len(b)), [a, b])
        if best:
            lines = best[1]
    return lines


def read_segments(data):
    """The list of segments from {segments: [...]} (transcribe's output) or a bare list."""
    segs = data.get("segments") if isinstance(data, dict) else data
    if not isinstance(segs, list):
        raise ValueError("expected a JSON object with a 'segments' list (as transcribe writes) or a list of segments")
    out = []
    for i, s in enumerate(segs):
        if not isinstance(s, dict):
            raise ValueError(f"segment {i} is not an object")
        try:
            start, end = float(s["start"]), float(s["end"])
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"segment {i} needs numeric 'start' and 'end' (seconds)") from None
        if end < start:
            raise ValueError(f"segment {i} ends ({end}) before it starts ({start})")
        words = s.get("words") if isinstance(s.get("words"), list) else None
        if words and all(isinstance(w, dict) and {"word", "start", "end"} <= set(w) for w in words):
            timed = [(str(w["word"]), float(w["start"]), float(w["end"])) for w in words if str(w["word"]).strip()]
        else:
            timed = None
        text = " ".join(str(s.get("text", "")).split())
        if not text and timed:
            text = " ".join(w for w, _, _ in timed)
        if text:
            out.append({"start": start, "end": end, "text": text, "timed": timed})
    return out


def cues(segments, max_chars, max_lines, max_seconds):
    """(start, end, lines) cues: a segment too long for one cue is cut at word boundaries, timed by
    its word times when present, else in proportion to the characters."""
    result = []
    limit = max_chars * max_lines
    for seg in segments:
        words = seg["text"].split()
        timed = seg["timed"] if seg["timed"] and [w for w, _, _ in seg["timed"]] == words else None
        chunks, current = [], []
        for i, w in enumerate(words):
            candidate = current + [w]
            too_long = len(" ".join(candidate)) > limit or len(wrap(candidate, max_chars, max_lines)) > max_lines
            too_slow = timed is not None and current and timed[i][2] - timed[i - len(current)][1] > max_seconds
            if current and (too_long or too_slow):
                chunks.append((i - len(current), current))
                current = [w]
            else:
                current = candidate
        if current:
            chunks.append((len(words) - len(current), current))
        total_chars = max(1, len(seg["text"]))
        position = 0
        span = seg["end"] - seg["start"]
        for first, chunk in chunks:
            if timed:
                start, end = timed[first][1], timed[first + len(chunk) - 1][2]
                start = max(start, seg["start"]) if first == 0 else start
            else:
                text = " ".join(chunk)
                start = seg["start"] + span * position / total_chars
                position += len(text) + 1
                end = seg["start"] + span * min(1.0, position / total_chars)
            result.append([start, end, wrap(chunk, max_chars, max_lines)])
    result.sort(key=lambda c: c[0])
    for i, c in enumerate(result):  # no overlaps, and every cue visible a moment
        nxt = result[i + 1][0] if i + 1 < len(result) else None
        if c[1] - c[0] < 0.3:
            c[1] = c[0] + 0.3
        if nxt is not None and c[1] > nxt:
            c[1] = max(c[0] + 0.05, nxt)
    return result


def render(cue_list, fmt):
    if fmt == "vtt":
        blocks = ["WEBVTT\n"]
        for start, end, lines in cue_list:
            blocks.append(f"{timestamp(start, '.')} --> {timestamp(end, '.')}\n" + "\n".join(lines) + "\n")
        return "\n".join(blocks)
    blocks = []
    for n, (start, end, lines) in enumerate(cue_list, 1):
        blocks.append(f"{n}\n{timestamp(start, ',')} --> {timestamp(end, ',')}\n" + "\n".join(lines) + "\n")
    return "\n".join(blocks)


SRT_CUE = re.compile(r"(\d+)\n(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})\n((?:.+\n?)+)")


def parse_srt(text):
    """[(start, end, [lines])] of an SRT text; raises AssertionError on anything malformed."""
    blocks = [b for b in text.replace("\r\n", "\n").strip().split("\n\n") if b.strip()]
    parsed = []
    for i, block in enumerate(blocks, 1):
        m = SRT_CUE.fullmatch(block.strip("\n"))
        assert m, f"cue {i} is not valid SRT: {block!r}"
        assert int(m.group(1)) == i, f"cue {i} is numbered {m.group(1)}"
        g = [int(x) for x in m.groups()[1:9]]
        start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
        end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        parsed.append((start, end, m.group(10).strip("\n").split("\n")))
    return parsed


class Subtitles(Module):
    name = "subtitles"
    version = "1.0.0"
    description = "Turns timed transcript segments into SRT or WebVTT subtitles, wrapped and split into readable cues."
    inputs = [Input("segments", Kind.JSON, description="transcribe's segments JSON, or a list of {start, end, text, words?}.")]
    outputs = [Output("subtitles", Kind.TEXT, description="SRT (application/x-subrip) or WebVTT (text/vtt).")]
    params = {
        "type": "object",
        "properties": {
            "format": {"type": "string", "enum": ["srt", "vtt"], "default": "srt", "description": "Subtitle format."},
            "maxLineLength": {"type": "integer", "minimum": 10, "maximum": 200, "default": 42,
                              "description": "Characters per line (42 is the common broadcast limit)."},
            "maxLines": {"type": "integer", "minimum": 1, "maximum": 4, "default": 2,
                         "description": "Lines per cue; longer text is split into several cues."},
            "maxCueSeconds": {"type": "number", "minimum": 1, "maximum": 60, "default": 7,
                              "description": "Longest time one cue stays on screen, when word times are known."},
        },
        "additionalProperties": False,
    }
    requirements = []
    resources = Resources(cpu=1, memory_mb=128)
    timeout_seconds = 120

    def run(self, ctx):
        fmt = ctx.params["format"]
        segments = read_segments(ctx.inputs["segments"].read_json())
        ctx.progress(0.3, f"{len(segments)} segment(s)")
        cue_list = cues(segments, ctx.params["maxLineLength"], ctx.params["maxLines"], ctx.params["maxCueSeconds"])
        ctx.log.info("%d segment(s) -> %d cue(s)", len(segments), len(cue_list))
        ctx.write_text("subtitles", render(cue_list, fmt), media_type=MEDIA_TYPES[fmt])
        ctx.progress(1.0, f"{len(cue_list)} cue(s)")

    def self_test(self):
        words = "hello world this is a test of the speech system and it goes on for quite a while".split()
        timed = [{"word": w, "start": round(0.5 + 0.4 * i, 2), "end": round(0.5 + 0.4 * i + 0.35, 2)}
                 for i, w in enumerate(words)]
        fixture = {"segments": [
            {"start": 0.5, "end": 7.3, "text": " ".join(words), "words": timed},
            {"start": 8.0, "end": 9.5, "text": "good morning"},  # no word times
        ]}

        def check_srt(outputs):
            out = outputs["subtitles"]
            assert out.media_type == "application/x-subrip", out.media_type
            parsed = parse_srt(out.read_text())
            assert len(parsed) >= 3, f"the long segment should be split into several cues: {parsed}"
            assert all(len(line) <= 20 for _, _, lines in parsed for line in lines), parsed
            assert all(len(lines) <= 2 for _, _, lines in parsed), parsed
            text = " ".join(" ".join(lines) for _, _, lines in parsed)
            assert text == " ".join(words) + " good morning", f"words lost or reordered: {text!r}"
            for (s1, e1, _), (s2, _, _) in zip(parsed, parsed[1:]):
                assert s1 < e1 <= s2, f"cues overlap or go backwards: {parsed}"
            assert parsed[0][0] == 0.5 and parsed[-1][0] == 8.0 and parsed[-1][1] == 9.5, parsed

        return SelfTest(inputs={"segments": Fixture.json(fixture)},
                        params={"format": "srt", "maxLineLength": 20}, check=check_srt)


if __name__ == "__main__":
    main()
