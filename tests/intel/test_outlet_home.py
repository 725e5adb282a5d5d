"""Who acts in a domestic report that never names its own country: the outlet's home, read from
what the capture carries (its address's country-code domain, its page's region tag, a domain as the
outlet's name) or from the language's one home territory (CLDR), stands for a public body named
without a country ("the Government", "Polismyndigheten", 警察庁); a country named for an earlier
measure does not outvote it. Reports written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen import library
from supplyscreen.intel import load
from supplyscreen.intel.extract import Extractor
from supplyscreen.intel.link import CompanyLinker, PlaceLinker

_PLACES = PlaceLinker()
_GENERIC = {"ad", "as", "bz", "cc", "cd", "co", "dj", "fm", "io", "la", "me", "ms", "nu", "sc", "sr", "su", "tk",
            "tv", "ws", "eu"}
_CODES = sorted(c for c in _PLACES.names if len(c) == 2 and c.isalpha() and c.lower() not in _GENERIC | {"gb"})


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(_CODES), st.sampled_from(["www.news", "tech.news.co", "news.com", "a-b.org"]),
       st.sampled_from(["", "/tech/2031/05/20/story.html", "/?id=3"]))
def test_a_country_code_domain_is_its_country(code, host, path):
    url = f"https://{host}.{code.lower()}{path}"
    home, why = load.outlet_home([url])
    assert home == code and url in why


@pytest.mark.parametrize("url,home", [("https://www.bbc.co.uk/news/x", "GB"), ("https://folha.com.br/a", "BR"),
                                      ("https://www.nikkei.com/article/x", ""), ("https://theverge.io/x", ""),
                                      ("https://example.tv/x", ""), ("https://euractiv.eu/x", "")])
def test_generic_domains_name_no_country(url, home):
    assert load.outlet_home([url])[0] == home


@pytest.mark.parametrize("tag,home", [("pt-BR", "BR"), ("en_IE", "IE"), ("zh-Hant-TW", "TW"), ("de-DE", "DE"),
                                      ("es-419", ""), ("en", ""), ("fr", ""), ("sr-Latn", "")])
def test_a_language_tag_with_a_region_is_that_region(tag, home):
    assert load.outlet_home(tags=[tag])[0] == home


def test_the_address_goes_before_the_tag_and_the_tag_before_the_outlet_name():
    assert load.outlet_home(["https://x.fr/a"], ["en-GB"], "x.de")[0] == "FR"
    assert load.outlet_home(["https://x.com/a"], ["en-GB"], "x.de")[0] == "GB"
    assert load.outlet_home([], [], "siliconrepublic.ie") == (
        "IE", "the outlet's domain siliconrepublic.ie (country-code domain .ie)")
    assert load.outlet_home([], [], "irishtimes") == ("", "")


def test_an_html_capture_carries_its_home(tmp_path: Path):
    page = tmp_path / "p.html"
    page.write_text('<!doctype html><html lang="pt-BR"><head><title>T</title>'
                    '<link rel="canonical" href="https://www.jornal.com.ar/x"></head>'
                    "<body><p>Texto da notícia com várias palavras para o leitor.</p></body></html>", encoding="utf-8")
    [d] = load.read(page)
    assert (d.home, d.home_why) == ("AR", "the page's address https://www.jornal.com.ar/x (country-code domain .ar)")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    reg = library.load_registry()
    return Extractor(reg, CompanyLinker(reg, library.matcher_for(reg)), PlaceLinker())


def _page(lang: str, url: str, title: str, sentences: list[str]) -> str:
    meta = f'<meta property="og:url" content="{url}">' if url else ""
    body = "".join(f"<p>{s}</p>" for s in sentences)
    return (f'<!doctype html><html lang="{lang}"><head><title>{title}</title><meta property="og:title" '
            f'content="{title}">{meta}<meta property="article:published_time" content="2031-05-21T08:00:00">'
            f"</head><body><article><h1>{title}</h1>{body}</article></body></html>")


# key: (file suffix, page language, page address, headline, named lead, bare lead, tail, background, home)
CASES = {
    "es": (".html", "es", "https://www.diario-ejemplo.es/tecnologia/huawei", "El Gobierno veta a Huawei en las redes 5G",
           "El Gobierno de España aprobó el martes excluir a Huawei de las redes 5G que usan los ministerios.",
           "El Gobierno aprobó el martes excluir a Huawei de las redes 5G que usan los ministerios.",
           "Los equipos instalados se retirarán antes de 2033.",
           "Estados Unidos vetó a la empresa china en 2019.", "ES"),
    "pt": (".html", "pt-BR", "", "Governo manda retirar câmeras da Hikvision",
           "O governo do Brasil ordenou a remoção das câmeras da Hikvision instaladas em ministérios e autarquias.",
           "O governo federal ordenou a remoção das câmeras da Hikvision instaladas em ministérios e autarquias.",
           "A Hikvision afirmou que cumpre as leis locais.",
           "Portugal adotou uma medida parecida em 2023.", "BR"),
    "en": (".html", "en", "https://www.paper-example.ie/business/hikvision", "Departments told to remove Hikvision cameras",
           "The Irish Government has ordered all departments to remove surveillance cameras made by Hikvision.",
           "The Government has ordered all departments to remove surveillance cameras made by Hikvision.",
           "Hikvision said it was disappointed by the decision.",
           "The UK took a similar decision in 2022.", "IE"),
    "ja": (".txt", "", "", "無線機の調達停止へ",
           "日本政府は17日、中国Hytera製の業務用無線機の調達を停止すると発表した。",
           "警察庁は17日、中国Hytera製の業務用無線機の調達を停止すると発表した。",
           "情報漏洩のリスクを理由に挙げた。",
           "米国は2022年に同社製品の新たな認証を禁止している。", "JP"),
    "sv": (".txt", "", "", "Stopp för Hikvision-kameror",
           "Den svenska polisen beslutade på tisdagen att inte längre köpa övervakningskameror från Hikvision och dess dotterbolag.",
           "Polismyndigheten beslutade på tisdagen att inte längre köpa övervakningskameror från Hikvision och dess dotterbolag.",
           "Beslutet gäller från i dag och omfattar alla polisregioner.",
           "Storbritannien fattade ett liknande beslut 2022.", "SE"),
}


def _main(extractor: Extractor, folder: Path, key: str, lead: str, extra: tuple[str, ...] = (),
          first: tuple[str, ...] = ()) -> tuple[str, str]:
    suffix, lang, url, head, _, _, tail, _, _ = CASES[key]
    sentences = [*first, lead, *extra, tail]
    text = _page(lang, url, head, sentences) if suffix == ".html" else "\n".join([head, *sentences]) + "\n"
    path = folder / f"{key}-{abs(hash((lead, extra, first)))}_2031-05-21{suffix}"
    path.write_text(text, encoding="utf-8")
    claims = [c for d in load.read(path) for c in extractor.claims(d) if c.main]
    if not claims:
        return "", ""
    why = next((e.why for e in claims[0].evidence if e.field == "jurisdiction"), "")
    return claims[0].jurisdiction, why


@pytest.mark.parametrize("key", sorted(CASES))
def test_the_country_named_or_not_the_jurisdiction_is_the_same(extractor, tmp_path, key):
    named, bare, home = CASES[key][4], CASES[key][5], CASES[key][8]
    assert _main(extractor, tmp_path, key, named)[0] == home
    j, why = _main(extractor, tmp_path, key, bare)
    assert j == home and home in why  # the reason names the home and where it was read


@pytest.mark.parametrize("key", sorted(CASES))
def test_a_background_country_does_not_change_it(extractor, tmp_path, key):
    bare, background, home = CASES[key][5], CASES[key][7], CASES[key][8]
    assert _main(extractor, tmp_path, key, bare, extra=(background,))[0] == home
    assert _main(extractor, tmp_path, key, bare, first=(background,))[0] == home


def test_without_a_home_a_bare_government_names_none(extractor, tmp_path):
    # The Spanish report on a .com page with a bare "es": Spanish is read in twenty countries.
    (tmp_path / "x_2031-05-21.html").write_text(_page("es", "https://www.diario-ejemplo.com/x", CASES["es"][3],
                                                      [CASES["es"][5], CASES["es"][6]]), encoding="utf-8")
    [d] = load.read(tmp_path / "x_2031-05-21.html")
    assert d.home == "" and not [c for c in extractor.claims(d) if c.main]


def test_a_country_named_as_the_scene_is_not_the_outlet_s(extractor, tmp_path):
    # A domestic outlet reporting another government's measure under a headline naming none: the
    # scene of the lead ("En Australia, el Gobierno ...") names it, not the outlet's home.
    lead = "En Australia, el Gobierno aprobó el martes excluir a Huawei de las redes 5G que usan los ministerios."
    page = tmp_path / "au_2031-05-21.html"
    for n, head in enumerate(["Veto a Huawei en las redes 5G", CASES["es"][3]]):
        page = tmp_path / f"au{n}_2031-05-21.html"
        page.write_text(_page("es", CASES["es"][2], head, [lead, CASES["es"][6]]), encoding="utf-8")
        [d] = load.read(page)
        # Also under a headline whose bare subject ("El Gobierno veta ...") would be the outlet's.
        assert d.home == "ES" and [c.jurisdiction for c in extractor.claims(d) if c.main] == ["AU"]


@pytest.mark.parametrize("head,lead", [
    # The topic before the comma is the subject: Australia's minister, not the ministry's buildings.
    ("監視カメラ撤去へ", "オーストラリアの国防相は、国防省の施設に設置されたハイクビジョン製の監視カメラを撤去すると明らかにした。"),
    ("감시카메라 철거", "호주 국방부는 국방 시설에 설치된 하이크비전 감시카메라를 철거하기로 했다고 밝혔다."),
])
def test_a_foreign_government_as_the_topic_is_not_the_outlet_s(extractor, tmp_path, head, lead):
    page = tmp_path / "au_2031-05-21.txt"
    page.write_text(f"{head}\n{lead}\n", encoding="utf-8")
    [d] = load.read(page)
    assert [c.jurisdiction for c in extractor.claims(d) if c.main] == ["AU"]


def test_a_headline_s_bare_body_is_the_lead_s_authority_not_a_country_named_in_passing(extractor, tmp_path):
    # "Behörde" heads the report; the lead names Ukraine in passing and the BSI acting.
    page = tmp_path / "bsi_2031-03-16.txt"
    page.write_text("Behörde warnt vor Kaspersky-Software\nNach dem Angriff auf die Ukraine hat das BSI eine "
                    "offizielle Warnung vor der Software von Kaspersky herausgegeben.\n"
                    "Kaspersky nannte die Entscheidung politisch motiviert.\n", encoding="utf-8")
    [d] = load.read(page)
    assert [c.jurisdiction for c in extractor.claims(d) if c.main] == ["DE"]
