"""The learned detector and measure model (detect.py) and the script that builds them (train.py).

Sentences here are written for these tests (not from the training templates, the benchmark
batches or any outlet)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen.intel import detect, rules, train
from supplyscreen.intel.model import Measure

INTEL = Path(detect.__file__).parent

RESTRICTIONS = [
    ("The regulator has barred operators from installing Hytera radios in emergency networks.", "en"),
    ("Ruritania's ministry told councils to rip out every Dahua camera by next spring.", "en"),
    ("Die Regierung untersagt den Netzbetreibern den Einsatz von ZTE-Technik im 5G-Kernnetz.", "de"),
    ("Le gouvernement interdit aux opérateurs d'utiliser les antennes Huawei dans le réseau 5G.", "fr"),
    ("El Gobierno prohíbe a los ministerios comprar cámaras de Hikvision.", "es"),
    ("Il governo vieta agli operatori di usare apparati Huawei nella rete 5G.", "it"),
    ("O governo proíbe os órgãos públicos de comprar câmeras da Dahua.", "pt"),
    ("Regeringen förbjuder operatörerna att använda utrustning från Huawei i 5G-nätet.", "sv"),
    ("政府は各省庁にハイクビジョン製カメラの調達を禁止した。", "ja"),
    ("该国政府禁止运营商在5G网络中使用华为设备。", "zh"),
    ("정부는 통신사가 5G망에 화웨이 장비를 쓰지 못하도록 금지했다.", "ko"),
]
NEGATIVES = [
    ("Hytera opened a training centre for radio engineers in Dubai.", "en"),
    ("Dahua's quarterly profit rose 9% on strong demand for thermal cameras.", "en"),
    ("ZTE stellt auf der Messe ein neues Glasfaser-Modem vor.", "de"),
    ("Huawei a présenté sa nouvelle montre connectée à Paris.", "fr"),
    ("Hikvision abrió una oficina comercial en Lima.", "es"),
    ("I ricavi di ZTE sono aumentati nel trimestre.", "it"),
    ("A Dahua inaugurou um centro de distribuição em São Paulo.", "pt"),
    ("Huawei öppnar ett nytt kontor i Göteborg.", "sv"),
    ("ハイクビジョンは新しいサーマルカメラを発売した。", "ja"),
    ("中兴通讯在上海发布了新款路由器。", "zh"),
    ("화웨이가 새 노트북을 출시했다.", "ko"),
]


@pytest.mark.parametrize(("text", "lang"), RESTRICTIONS)
def test_restrictions_are_detected_in_every_language(text, lang):
    assert detect.restriction(text) >= detect.THRESHOLD, lang
    m = rules.trigger(text)
    assert m is not None and m.group(0) and text[m.start():m.end()] == m.group(0)


@pytest.mark.parametrize(("text", "lang"), NEGATIVES)
def test_launches_earnings_and_openings_are_not_restrictions(text, lang):
    assert detect.restriction(text) < detect.THRESHOLD, lang
    assert rules.trigger(text) is None


@pytest.mark.parametrize(("text", "measure"), [
    ("The ministry told all agencies to stop buying Hikvision cameras for public buildings.", Measure.PROCUREMENT_BAN),
    ("Operators may not use ZTE equipment anywhere in their 5G networks, the regulator ruled.",
     Measure.NETWORK_EXCLUSION),
    ("Agencies must remove Kaspersky software from their computers within 30 days.", Measure.REMOVAL_ORDER),
    ("The Commerce Department added Hytera to the Entity List on Friday.", Measure.ENTITY_LISTING),
    ("The regulator revoked China Unicom's licence to operate telecom services.", Measure.LICENSE_CONDITION),
    ("The cyber agency warned companies against using Kaspersky antivirus.", Measure.ADVISORY),
])
def test_measure_is_read_from_the_predicate(text, measure):
    name, p, quote = detect.best_measure([text])
    assert (Measure(name), quote) == (measure, text) and p >= detect.MEASURE_MIN


def test_measure_of_a_group_follows_the_sentence_that_states_it():
    lead = "Ruritania bans new Huawei phones from sale as regulator halts certification of its devices."
    aside = "Huawei said it was disappointed."
    name, _, quote = detect.best_measure([aside, lead])
    assert name == Measure.EQUIPMENT_AUTHORIZATION_BAN and quote == lead


def test_the_hand_lexicon_is_only_a_feature():
    text = "The ministry has ruled that Huawei gear may stay out of the tender."
    names = detect.features(text)
    assert ("cue:trigger" in names) == (rules.rule_trigger(text) is not None)
    assert any(not f.startswith("cue:") for f in names)


@pytest.mark.parametrize("swap", [("Huawei", "ZTE"), ("Huawei", "Hytera"), ("Huawei", "Dahua")])
def test_which_firm_is_named_does_not_decide(swap):
    """Metamorphic: the same predicate about another designated firm gets the same decision."""
    for text, _ in RESTRICTIONS + NEGATIVES:
        if swap[0] in text:
            other = text.replace(*swap)
            assert (detect.restriction(text) >= detect.THRESHOLD) == (detect.restriction(other) >= detect.THRESHOLD)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200), st.integers(min_value=1, max_value=4))
def test_features_and_probability_are_well_formed(text, spaces):
    """Property: probabilities in [0, 1]; runs of spaces and letter case change nothing; a cue lies
    inside the text."""
    p = detect.restriction(text)
    assert 0.0 <= p <= 1.0
    assert detect.features(" ".join(text.split(" ")).replace(" ", " " * spaces)) == detect.features(text) or \
        "\u00a0" in text or any(ch.isspace() and ch != " " for ch in text)
    span = detect.cue(text)
    if span is not None:
        a, b = span
        assert 0 <= a < b <= len(text)
    assert abs(sum(detect.measure_probs(text).values()) - 1.0) < 1e-9


def test_shipped_model_states_its_provenance():
    meta = detect.model().meta
    assert meta["builder"] == "python -m supplyscreen.intel.train" and meta["seed"] == train.SEED
    assert meta["built"][:2] == "20" and meta["examples"] > meta["restrictions"] > 0
    root = INTEL.parents[2]
    for src in meta["sources"][1:]:
        assert (root / src / "articles.csv").is_file(), src
    assert set(detect.model().measure.classes) <= {m.value for m in Measure}
    from supplyscreen.intel.model import Status
    assert set(detect.model().status.classes) == {s.value for s in Status}


def test_shipped_model_was_built_from_the_corpus_as_it_is():
    """The shipped file records a digest of every input; a corpus edited without rebuilding the model
    (``python -m supplyscreen.intel.train``) fails here. The rebuild itself is byte-identical
    (test_training_is_deterministic)."""
    meta = detect.model().meta
    root = INTEL.parents[2]
    assert meta["inputs"] == train.input_digest([root / src for src in meta["sources"][1:]])


def test_vocabulary_is_documented_and_used_by_the_corpus():
    doc = yaml.safe_load((INTEL / "measures.yaml").read_text(encoding="utf-8"))
    assert set(doc["measures"]) == {m.value for m in Measure}
    assert all(doc["measures"][m]["means"] for m in doc["measures"])
    from supplyscreen.intel.model import Status
    assert set(doc["statuses"]) == {s.value for s in Status}
    used = {e.measure for e in train.template_examples() if e.restriction and e.measure}
    assert used <= set(doc["measures"]) and len(used) >= 8
    langs = {ln.split("\t")[2] for ln in (INTEL / "corpus" / "templates.tsv").read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")}
    assert {"en", "ja", "zh", "de", "fr", "es", "it", "pt", "ko", "sv"} <= langs


def _tiny_corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "fillers.yaml").write_text("en:\n  A: [Ruritania, Freedonia]\n  T: [Huawei, ZTE]\n", encoding="utf-8")
    rows = ["r\tnetwork_exclusion\ten\t{A} bans {T} from 5G networks.",
            "r\tadvisory\ten\t{A} warns against {T} routers.",
            "n\t\ten\t{T} launches a phone in {A}.",
            "n\t\ten\t{T} profit rises in {A}."]
    (d / "templates.tsv").write_text("# test corpus\n" + "\n".join(rows) + "\n", encoding="utf-8")
    status = ["proposed\ten\t{A} plans to ban {T}.", "decided\ten\t{A} banned {T}.",
              "reversed\ten\t{A} lifted its ban on {T}."]
    (d / "status.tsv").write_text("# test corpus\n" + "\n".join(status) + "\n", encoding="utf-8")
    return d


def test_training_is_deterministic(tmp_path):
    pytest.importorskip("sklearn")
    corpus = _tiny_corpus(tmp_path)
    outs = []
    for k in range(2):
        model = train.fit(train.template_examples(corpus), train.status_examples(corpus))
        model["meta"] = {"built": "2031-01-01"}
        out = tmp_path / f"m{k}.npz"
        train.write(model, out)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    m = detect.from_arrays(outs[0])
    assert m.measure.classes == ("advisory", "network_exclusion") and m.detect
    assert m.status.classes == ("decided", "proposed", "reversed")


def test_a_malformed_template_row_is_named(tmp_path):
    corpus = _tiny_corpus(tmp_path)
    with (corpus / "templates.tsv").open("a", encoding="utf-8") as fh:
        fh.write("r\tadvisory\t{A} warns.\n")
    with pytest.raises(ValueError, match=r"templates\.tsv: line 6 has 3 columns"):
        train.template_examples(corpus)


@pytest.mark.parametrize(("row", "message"), [("in force\ten\t{A} x {T}.", "bad status 'in force'"),
                                              ("decided\txx\t{A} x {T}.", "language 'xx'"),
                                              ("decided\t{A} x {T}.", "line 5 has 2 columns")])
def test_a_malformed_status_row_is_named(tmp_path, row, message):
    corpus = _tiny_corpus(tmp_path)
    with (corpus / "status.tsv").open("a", encoding="utf-8") as fh:
        fh.write(row + "\n")
    with pytest.raises(ValueError, match=message):
        train.status_examples(corpus)


def test_a_measure_outside_the_vocabulary_is_named(tmp_path):
    corpus = _tiny_corpus(tmp_path)
    with (corpus / "templates.tsv").open("a", encoding="utf-8") as fh:
        fh.write("r\tban\ten\t{A} bans {T}.\n")
    with pytest.raises(ValueError, match="line 6: measure 'ban'"):
        train.template_examples(corpus)


def test_train_without_a_labelled_set_is_an_input_error(tmp_path, capsys):
    assert train.main(["--news", str(tmp_path), "--out", str(tmp_path / "m.npz")]) == 2
    assert "no articles.csv" in capsys.readouterr().err
    assert not (tmp_path / "m.npz").exists()


def _tiny_frames(corpus: Path, **change: object) -> None:
    doc: dict[str, object] = {
        "source": "written for this test",
        "en": {"attributions": [", the minister said."],
               "predicates": [{"measure": "network_exclusion", "VP": "bar {T} from 5G", "NP": "ban on {T} in 5G"},
                              {"measure": "procurement_ban", "VP": "stop buying {T} kit", "NP": "ban on {T} kit"}],
               "proposed": {"source": "intention", "frames": ["{A} plans to {VP}.", "{A} is weighing a {NP}."]},
               "reversed": {"source": "annulment", "frames": ["{A} lifted its {NP}."]},
               "reported": {"source": "hearsay", "frames": ["{A} will {VP}, sources said."]},
               "denial": {"source": "negation", "frames": ["{A} has no plans to {VP}."]}},
    }
    doc["en"].update(change)  # type: ignore[attr-defined]
    (corpus / train.FRAMES).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def test_every_status_frame_is_applied_to_every_predicate(tmp_path):
    corpus = _tiny_corpus(tmp_path)
    assert train.frame_examples(corpus) == []  # no frame file: none (a corpus may have none)
    _tiny_frames(corpus)
    ex = train.frame_examples(corpus)
    assert len(ex) == 5 * 2  # five frames, two predicates, one (actor, target) pair each
    assert {e.status for e in ex if e.restriction} == {"proposed", "reversed", "reported"}
    assert all(e.explicit and not e.measure for e in ex if e.restriction)
    denials = [e for e in ex if not e.restriction]
    assert len(denials) == 2 and all("has no plans to" in e.text and not e.status for e in denials)
    assert not any("{" in e.text for e in ex) and all(e.text[0].isupper() for e in ex)
    # The on-record source goes to some frames of the non-hearsay statuses, never to reported ones.
    said = [e for e in ex if e.text.endswith("the minister said.")]
    assert said and all(e.status in ("proposed", "reversed") for e in said)
    # Each content appears under every status: the same predicate words in each status's sentences.
    for words in ("5G", "kit"):
        assert {e.status for e in ex if e.restriction and words in e.text} == {"proposed", "reversed", "reported"}


def test_french_frames_elide_de_before_a_vowel():
    assert train._fill("{A} envisage de {VP}.", {"VP": "exclure {T}"}, "fr", "proposed") == "{A} envisage d'exclure {T}."
    assert train._fill("{A} envisage de {VP}.", {"VP": "bannir {T}"}, "fr", "proposed") == "{A} envisage de bannir {T}."


@pytest.mark.parametrize(("change", "message"), [
    ({"reversed": {"source": "annulment", "frames": ["{A} lifted its {NPX}."]}}, r"needs \{NPX\}"),
    ({"predicates": [{"measure": "other", "VP": "bar {T}"}]}, r"en: proposed: frame .* needs \{NP\}"),
    ({"abandoned": {"source": "x", "frames": ["{A} gave up on {VP}."]}}, "'abandoned' is neither a status"),
    ({"reversed": {"frames": ["{A} lifted its {NP}."]}}, "en: reversed: needs a source"),
    ({"predicates": []}, "en: a language of fillers.yaml with a list of predicates"),
])
def test_a_malformed_status_frame_is_named(tmp_path, change, message):
    corpus = _tiny_corpus(tmp_path)
    _tiny_frames(corpus, **change)
    with pytest.raises(ValueError, match=message):
        train.frame_examples(corpus)


_FEATURE = st.text(st.characters(blacklist_characters="\0", blacklist_categories=("Cs",)), min_size=1, max_size=6)
_WEIGHT = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(_FEATURE, _WEIGHT, min_size=1, max_size=20),
       st.dictionaries(_FEATURE, st.tuples(_WEIGHT, _WEIGHT), min_size=1, max_size=20),
       st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3))
def test_the_model_file_gives_back_every_weight_exactly(detect_w, two_class_w, meta):
    d = {"detect": {"bias": -1.5, "weights": detect_w},
         "measure": {"classes": ["advisory", "other"], "bias": [0.25, -0.25], "weights": two_class_w},
         "status": {"classes": ["decided", "proposed"], "bias": [0.0, 1.0], "weights": two_class_w},
         "meta": meta}
    raw = detect.to_arrays(d)
    assert detect.to_arrays(d) == raw  # the same model, the same bytes
    m = detect.from_arrays(raw)
    assert m.detect == detect_w and m.detect_bias == -1.5 and m.meta == meta
    assert m.measure.weights == two_class_w and m.measure.classes == ("advisory", "other")
    assert m.status.bias == (0.0, 1.0)
