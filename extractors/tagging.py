"""jieba's part-of-speech tagger on short windows, fast to start and to run, with the same tags.

Start: jieba reads its whole dictionary (half a million prefixes, and again its 350,000
word tags from dict.txt) before the first window: 1.5-2 s of a one-notice run. The tagger
here keeps that dictionary, user words added, in a cache file split by first character, and
loads only the characters of the windows it tags (a notice needs a few percent of it). Every
word jieba may look up in a window starts with one of the window's characters, so it sees
the same entries as with the whole dictionary. The cache is built on the first run (beside
jieba's own, in the temporary folder) and keyed by jieba's version, its dictionary file and
the user words; one that cannot be read or is not the user's own is rebuilt or ignored. It
holds posseg's HMM tables too, which jieba ships as modules of dict literals.

Run: jieba.posseg tags the characters of a run it has no word for with a Viterbi pass over
256 states (B/M/E/S × part of speech). Its `viterbi` scores, for every state at every
character, every state of the character before, though only 8% of the state pairs may
follow each other (a B of one tag goes on only to the M or E of that tag): on the windows
around body names this search was most of the time of a whole extraction. The pass here
scores each state from the states that may precede it only, and keeps its answer per run of
characters (the windows around one name overlap, so their runs repeat). The result is the
same, tie for tie: a pair the model does not allow only ever scored -inf, and the best of the
others is chosen by the same comparison of (score, state).
"""
from __future__ import annotations

import functools
import io
import logging
import marshal
import sys
import types
from pathlib import Path

from taizhang.pipeline import cachefile

MIN_FLOAT = -3.14e100       # jieba's score of a character a state never emits (posseg/viterbi.py)
#: Windows (and runs of unknown characters) remembered with their tags: names repeat within a
#: notice and across a folder, but a cache that grows with the folder makes memory grow with it
#: (42,000 windows after 1,200 laws); 4,096 keep 1,200 laws flat at the speed of an unbounded one.
WINDOW_CACHE = 4096


def install(posseg) -> None:
    """Make the module jieba.posseg tag with the fast pass (idempotent)."""
    if hasattr(posseg.viterbi, "original"):
        return
    original = posseg.viterbi
    model = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
    predecessors = allowed_predecessors(posseg.trans_P)

    @functools.lru_cache(maxsize=WINDOW_CACHE)
    def best_route(obs: str) -> tuple[float, tuple]:
        prob, route = viterbi(obs, *model, predecessors)
        return prob, tuple(route)

    def fast_viterbi(obs, states, start_p, trans_p, emit_p):
        if not all(a is b for a, b in zip((states, start_p, trans_p, emit_p), model)):
            return original(obs, states, start_p, trans_p, emit_p)      # another model: jieba's own
        prob, route = best_route(obs)
        return prob, list(route)

    fast_viterbi.original = original
    posseg.viterbi = fast_viterbi


def allowed_predecessors(trans_p: dict) -> dict:
    """state → {state before it: log probability of the step}, for the steps the model allows."""
    found: dict = {}
    for before, steps in trans_p.items():
        for state, p in steps.items():
            found.setdefault(state, {})[before] = p
    return found


def viterbi(obs, states, start_p, trans_p, emit_p, predecessors):
    """jieba.posseg.viterbi.viterbi's (prob, route), each state scored from the states that may
    precede it (*predecessors*, from allowed_predecessors(trans_p)) only.

    jieba scores the states of a character that some state before may step to; here a state of
    the character is kept when it has such a predecessor, which is the same set, found without
    building the set of every possible next state first."""
    all_states = trans_p.keys()
    scores = {y: start_p[y] + emit_p[y].get(obs[0], MIN_FLOAT) for y in states.get(obs[0], all_states)}
    paths = [dict.fromkeys(scores, "")]
    for t in range(1, len(obs)):
        char = obs[t]
        new_scores, path = _step(char, states.get(char, all_states), scores, emit_p, predecessors)
        if not new_scores:          # no state of the character follows: jieba takes every next state
            expected = {y for x in scores for y in trans_p[x]}
            candidates = expected if expected else all_states
            new_scores, path = _step(char, candidates, scores, emit_p, predecessors)
            if len(new_scores) < len(candidates):      # nothing leads to some (jieba's pass fails too)
                from jieba.posseg.viterbi import viterbi as original
                return original(obs, states, start_p, trans_p, emit_p)
        scores = new_scores
        paths.append(path)
    prob, state = max((score, y) for y, score in scores.items())
    route = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = paths[i][state]
    return prob, route


def _step(char, candidates, scores, emit_p, predecessors) -> tuple[dict, dict]:
    """The best (score, state before) of each of *candidates* that a state of *scores* may precede."""
    new_scores, path = {}, {}
    for y in candidates:
        before = predecessors.get(y, {})
        emit = emit_p[y].get(char, MIN_FLOAT)
        if len(before) < len(scores):
            steps = [(scores[y0] + p + emit, y0) for y0, p in before.items() if y0 in scores]
        else:
            steps = [(scores[y0] + before[y0] + emit, y0) for y0 in scores if y0 in before]
        if steps:
            new_scores[y], path[y] = max(steps)
    return new_scores, path


# ---------------------------------------------------------------- the tagger and its dictionary

CACHE_FORMAT = 3
USER_FREQ = 20000           # a user word outweighs jieba's own segmentations of it
#: jieba.posseg's HMM tables, modules of big dict literals: running them is 0.08 s of a cold
#: start, loading the same dicts from the cache file 0.02 s.
MODEL_MODULES = ("jieba.posseg.char_state_tab", "jieba.posseg.prob_start", "jieba.posseg.prob_trans",
                 "jieba.posseg.prob_emit")


class Tagger:
    """jieba's (word, flag) tokens of short windows, user words kept whole (tag nt)."""

    def __init__(self, user_words: list[str]):
        self.jieba = jieba = _import_jieba()
        jieba.setLogLevel(logging.WARNING)
        fresh = not jieba.dt.initialized and "jieba.posseg" not in sys.modules \
            and jieba.dt.dictionary == jieba.DEFAULT_DICT
        self.shards = _open_shards(jieba, user_words) if fresh else None
        if self.shards is None:             # no cache yet, or jieba already in use here: as jieba does
            for word in user_words:
                jieba.add_word(word, freq=USER_FREQ, tag="nt")
            if fresh:
                _write_shards(jieba, user_words)
        import jieba.posseg

        self.posseg = jieba.posseg
        install(jieba.posseg)
        self.tag = functools.lru_cache(maxsize=WINDOW_CACHE)(self._tag)

    def _tag(self, window: str) -> tuple:
        # Names repeat (自治区党委 fifty times in one report): each window is tagged once (cache).
        if self.shards is not None:
            self.shards.load(window)
        return tuple(self.posseg.lcut(window))

    def load_dictionary(self) -> None:
        """Load jieba's whole dictionary now rather than character by character as windows come."""
        if self.shards is not None:
            self.shards.load_all()

    def frequency(self, word: str) -> int:
        """jieba's dictionary count of *word* (0 for a word it does not have)."""
        if self.shards is not None:
            self.shards.load(word[:1])
        return self.jieba.dt.FREQ.get(word) or 0


def _import_jieba():
    """jieba, imported without pkg_resources (0.2 s of start-up, and a deprecation warning):
    jieba then opens its files by path, the same files."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None         # an import of it raises ImportError
    try:
        import jieba
    finally:
        if blocked and "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
            del sys.modules["pkg_resources"]
    return jieba


class _Shards:
    """The dictionary's entries by first character, loaded into jieba's tables on demand.

    They stay loaded: the tables are bounded by the dictionary itself (500,000 entries, 100 MB
    when all its 11,772 characters have been met), and dropping the least recently used characters
    to bound them lower made a folder whose characters do not fit thrash (a replay of /tmp/pset's
    windows with room for 200,000 entries spent 7 s loading them again and again)."""

    def __init__(self, data, base: int, index: dict, freq: dict, tags: dict):
        self.data, self.base, self.index, self.freq, self.tags = data, base, index, freq, tags
        self.loaded: set[str] = set()
        self.complete = False

    def load_all(self) -> None:
        """Every character's entries (0.7 s, 100 MB): a batch meets most of them anyway, and
        with the whole dictionary loaded first its memory no longer grows with the folder."""
        self.load("".join(self.index))
        self.complete = True

    def load(self, text: str) -> None:
        """Put the entries of every character of *text* into jieba's tables."""
        if self.complete:
            return
        for char in set(text) - self.loaded:
            self.loaded.add(char)
            where = self.index.get(char)
            if where is not None:
                freq, tags = marshal.loads(self.data[self.base + where[0]:self.base + where[1]])
                self.freq.update(freq)
                self.tags.update(tags)


def _cache_path(jieba, user_words: list[str]) -> Path:
    dictionary = Path(jieba.__file__).with_name("dict.txt")
    stat = dictionary.stat()
    return cachefile.kept_path("jieba", "\n".join([str(CACHE_FORMAT), jieba.__version__, str(dictionary),
                                                   str(stat.st_size), str(stat.st_mtime_ns), *user_words]))


def _open_shards(jieba, user_words: list[str]) -> _Shards | None:
    """Set a fresh jieba up from the cache file, its tables empty until windows fill them; None
    when the cache is missing, foreign or unreadable."""
    try:
        data = cachefile.map_private(_cache_path(jieba, user_words))    # marshal data: trusted
        if data is None:
            return None
        header_end = 8 + int.from_bytes(data[:8], "little")
        form, total, index, (model_start, model_end) = marshal.loads(data[8:header_end])
        if form != CACHE_FORMAT or not isinstance(index, dict):
            return None
        model = marshal.loads(data[header_end + model_start:header_end + model_end])
    except (OSError, ValueError, EOFError, TypeError):
        return None
    jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = {}, total, True
    jieba.dt.get_dict_file = lambda: io.BytesIO()      # posseg reads its word tags at import: none
    for name in MODEL_MODULES:
        if name not in sys.modules:      # posseg's `from .prob_emit import P` finds it here
            sys.modules[name] = module = types.ModuleType(name)
            module.P = model[name]
    try:
        import jieba.posseg
    finally:
        del jieba.dt.get_dict_file
    return _Shards(data, header_end, index, jieba.dt.FREQ, jieba.posseg.dt.word_tag_tab)


def _write_shards(jieba, user_words: list[str]) -> None:
    """Write the cache file of jieba's tables as they are now (user words added): a header
    (format, total, first character → where its entries are, where the HMM tables are), the
    HMM tables, and the entries by character.
    Quietly nothing when the temporary folder cannot take it."""
    import jieba.posseg

    tags = dict(jieba.posseg.dt.word_tag_tab)
    tags.update(jieba.dt.user_word_tag_tab)       # what posseg merges in at its first cut
    # One object per word and per count, shared by both tables: marshal writes a repeated
    # object once and loads it once, so a loaded word costs its string once, not twice.
    words: dict[str, str] = {}
    counts: dict[int, int] = {}
    by_char: dict[str, tuple[dict, dict]] = {}
    for word, freq in jieba.dt.FREQ.items():
        word = words.setdefault(word, word)
        by_char.setdefault(word[0], ({}, {}))[0][word] = counts.setdefault(freq, freq)
    for word, tag in tags.items():
        by_char.setdefault(word[0], ({}, {}))[1][words.get(word, word)] = tag
    model = marshal.dumps({name: sys.modules[name].P for name in MODEL_MODULES})
    blobs, index, offset = [model], {}, len(model)
    for char, tables in by_char.items():
        blob = marshal.dumps(tables)
        index[char] = (offset, offset + len(blob))
        blobs.append(blob)
        offset += len(blob)
    header = marshal.dumps((CACHE_FORMAT, jieba.dt.total, index, (0, len(model))))
    path = _cache_path(jieba, user_words)
    cachefile.write_private(path, [len(header).to_bytes(8, "little"), header, *blobs])
    cachefile.remove_older(path)
