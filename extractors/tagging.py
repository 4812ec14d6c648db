"""jieba's part-of-speech HMM made fast without changing a single tag.

jieba.posseg tags the characters of a run it has no word for with a Viterbi pass over 256
states (B/M/E/S × part of speech). Its `viterbi` scores, for every state at every character,
every state of the character before, though only 8% of the state pairs may follow each
other (a B of one tag goes on only to the M or E of that tag): on the windows around body
names this search was most of the time of a whole extraction. The pass here scores each
state from the states that may precede it only, and keeps its answer per run of characters
(the windows around one name overlap, so their runs repeat). The result is the same, tie for
tie: a pair the model does not allow only ever scored -inf, and the best of the others is
chosen by the same comparison of (score, state).
"""
from __future__ import annotations

import functools

MIN_FLOAT = -3.14e100       # jieba's score of a character a state never emits (posseg/viterbi.py)


def install(posseg) -> None:
    """Make the module jieba.posseg tag with the fast pass (idempotent)."""
    if hasattr(posseg.viterbi, "original"):
        return
    original = posseg.viterbi
    model = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
    predecessors = allowed_predecessors(posseg.trans_P)

    @functools.lru_cache(maxsize=65536)
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
    precede it (*predecessors*, from allowed_predecessors(trans_p)) only."""
    all_states = trans_p.keys()
    scores = {y: start_p[y] + emit_p[y].get(obs[0], MIN_FLOAT) for y in states.get(obs[0], all_states)}
    paths = [dict.fromkeys(scores, "")]
    for t in range(1, len(obs)):
        char = obs[t]
        prev_states = [x for x in scores if len(trans_p[x]) > 0]
        expected = {y for x in prev_states for y in trans_p[x]}
        obs_states = set(states.get(char, all_states)) & expected
        if not obs_states:
            obs_states = expected if expected else all_states
        new_scores, path = {}, {}
        for y in obs_states:
            emit = emit_p[y].get(char, MIN_FLOAT)
            before = predecessors.get(y, {})
            if len(before) < len(prev_states):
                candidates = [(scores[y0] + p + emit, y0) for y0, p in before.items() if y0 in scores]
            else:
                candidates = [(scores[y0] + before[y0] + emit, y0) for y0 in prev_states if y0 in before]
            if not candidates:      # nothing leads here (jieba's own pass fails the same way)
                from jieba.posseg.viterbi import viterbi as original
                return original(obs, states, start_p, trans_p, emit_p)
            new_scores[y], path[y] = max(candidates)
        scores = new_scores
        paths.append(path)
    prob, state = max((score, y) for y, score in scores.items())
    route = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = paths[i][state]
    return prob, route
