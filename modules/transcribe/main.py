"""transcribe: English speech to text with timed segments and words, offline (PocketSphinx)."""
import mmap
import re

from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest, main

from taskmill.media import probe, run_ffmpeg

RATE = 16000  # the acoustic model shipped in the pocketsphinx wheel is 16 kHz
FRAMES_PER_SECOND = 100  # PocketSphinx's default frame rate, the unit of word start/end frames
EXPECTED_WORDS = {"hello", "world", "this", "test", "speech", "system"}  # fixtures/speech.wav


def clean_word(word):
    """The dictionary word, or None for silences and fillers (<s>, </s>, <sil>, [NOISE], ++UH++)."""
    if not word or word[0] in "<[+":
        return None
    return re.sub(r"\(\d+\)$", "", word)  # "the(2)": the 2nd pronunciation of "the"


def utterances(pcm, vad_mode):
    """(start s, end s, speech bytes) for each stretch of speech, found by PocketSphinx's endpointer."""
    from pocketsphinx import Endpointer

    ep = Endpointer(vad_mode=vad_mode, sample_rate=RATE)
    size = ep.frame_bytes
    whole = len(pcm) // size * size
    buf, start = [], 0.0
    for i in range(0, whole, size):
        was_speech = ep.in_speech
        speech = ep.process(pcm[i:i + size])
        if speech is None:
            continue
        if not was_speech:
            buf, start = [], ep.speech_start
        buf.append(speech)
        if not ep.in_speech:
            yield start, ep.speech_end, b"".join(buf)
            buf = []
    speech = ep.end_stream(pcm[whole:])
    if speech is not None:
        if not buf:
            start = ep.speech_start
        buf.append(speech)
    if buf:
        yield start, ep.speech_end, b"".join(buf)


class Transcribe(Module):
    name = "transcribe"
    version = "1.0.0"
    description = ("Transcribes English speech from audio or video, offline with PocketSphinx: "
                   "a plain transcript and JSON segments with start/end times and timed words.")
    inputs = [Input("media", [Kind.AUDIO, Kind.VIDEO], description="Audio or video with speech (any format FFmpeg reads).")]
    outputs = [
        Output("transcript", Kind.TEXT, media_type="text/plain",
               description="The recognised text, one line per stretch of speech."),
        Output("segments", Kind.JSON, media_type="application/json",
               description="{engine, model, duration, text, segments: [{id, start, end, text, words: [{word, start, end, confidence}]}]}; times in seconds."),
    ]
    params = {
        "type": "object",
        "properties": {
            "words": {"type": "boolean", "default": True,
                      "description": "Include each segment's timed words in the JSON."},
            "vadMode": {"type": "integer", "minimum": 0, "maximum": 3, "default": 0,
                        "description": "How aggressively non-speech is cut between segments: 0 keeps the most audio, 3 the least."},
        },
        "additionalProperties": False,
    }
    requirements = ["pocketsphinx==5.1.1", "imageio-ffmpeg==0.8.1"]
    resources = Resources(cpu=1, memory_mb=512)
    timeout_seconds = 3600

    def run(self, ctx):
        from importlib.metadata import version

        from pocketsphinx import Decoder

        source = ctx.inputs["media"].path
        ctx.progress(0.01, "probing")
        info = probe(source)
        if info["audio"] is None:
            raise ValueError("the input has no audio track to transcribe")
        duration = info["duration"]
        pcm_path = ctx.work_dir / "speech.s16le"
        run_ffmpeg(["-i", source, "-map", "0:a:0", "-vn", "-ac", 1, "-ar", RATE, "-f", "s16le",
                    "-c:a", "pcm_s16le", pcm_path], ctx, duration, 0.02, 0.15, "decoding audio")
        size = pcm_path.stat().st_size
        total = size / (2 * RATE)
        ctx.log.info("transcribing %.1f s of audio", total)
        decoder = Decoder(samprate=RATE, loglevel="ERROR")
        segments = []
        with open(pcm_path, "rb") as f:
            # Mapped, not read: an hour of audio is 115 MB of samples, paged in as the endpointer walks it.
            pcm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
            try:
                self.decode(ctx, decoder, pcm, total, segments)
            finally:
                if size:
                    pcm.close()
        text = "\n".join(s["text"] for s in segments)
        ctx.write_text("transcript", text + ("\n" if text else ""))
        ctx.write_json("segments", {
            "engine": f"pocketsphinx {version('pocketsphinx')}",
            "model": "en-us", "duration": round(duration if duration else total, 3),
            "text": " ".join(s["text"] for s in segments), "segments": segments})
        ctx.progress(1.0, f"{len(segments)} segment(s)")

    def decode(self, ctx, decoder, pcm, total, segments):
        for start, end, speech in utterances(pcm, ctx.params["vadMode"]):
            # Whole-utterance decoding (full_utt) normalises the cepstrum over the utterance:
            # much more accurate than feeding the live decoder frame by frame.
            decoder.start_utt()
            decoder.process_raw(speech, full_utt=True)
            decoder.end_utt()
            words = []
            for seg in decoder.seg():
                word = clean_word(seg.word)
                if word is None:
                    continue
                words.append({"word": word,
                              "start": round(start + seg.start_frame / FRAMES_PER_SECOND, 2),
                              "end": round(start + (seg.end_frame + 1) / FRAMES_PER_SECOND, 2),
                              "confidence": round(max(0.0, min(1.0, seg.prob)), 3)})
            if words:
                segment = {"id": len(segments), "start": round(start, 2), "end": round(end, 2),
                           "text": " ".join(w["word"] for w in words)}
                if ctx.params["words"]:
                    segment["words"] = words
                segments.append(segment)
                ctx.log.info("%.2f-%.2f %s", start, end, segment["text"])
            ctx.progress(0.15 + 0.85 * min(1.0, end / total if total else 1.0),
                         f"transcribed {end:.0f} of {total:.0f} s")

    def self_test(self):
        def check_expected_words(outputs):
            heard = set(outputs["transcript"].read_text().split())
            found = EXPECTED_WORDS & heard
            # Recognition of synthetic speech is not perfect: most of the words must come back.
            assert len(found) >= 4, (f"expected at least 4 of {sorted(EXPECTED_WORDS)}, "
                                     f"heard {outputs['transcript'].read_text().strip()!r}")

        def check_segment_times(outputs):
            data = outputs["segments"].read_json()
            segs = data["segments"]
            assert segs, "no segments"
            assert 3.0 <= data["duration"] <= 4.0, f"the fixture is 3.5 s long, got duration {data['duration']}"
            last = 0.0
            for s in segs:
                assert s["start"] >= last - 0.01 and s["end"] > s["start"], f"bad times in {s}"
                assert s["end"] <= data["duration"] + 0.1, f"segment ends after the audio: {s}"
                for w in s["words"]:
                    assert s["start"] - 0.01 <= w["start"] < w["end"] <= s["end"] + 0.05, f"word {w} outside {s['start']}-{s['end']}"
                last = s["end"]
            hello = [w for s in segs for w in s["words"] if w["word"] == "hello"]
            assert hello and hello[0]["start"] < 1.0, f"'hello' should be heard in the first second: {hello}"

        return SelfTest(inputs={"media": Fixture.file("fixtures/speech.wav", "audio/wav")},
                        checks=[check_expected_words, check_segment_times])


if __name__ == "__main__":
    main()
