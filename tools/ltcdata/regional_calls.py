"""Lombardy Region's LTC collaboration calls, and opportunities published by cluster members.

:func:`regional_calls`, :func:`member_opportunities` (30, Italian and English) and
:func:`targeted_pairs` (those aimed at one member's signature evidence; see docs/TOOLS.md).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any, NamedTuple

from models.events import MemberProfile, Opportunity
from tools.ltcdata.lombardy import ECOSYSTEMS
from tools.ltcdata.population import CLUSTERS, SIGNATURE_EVIDENCE

__all__ = ["REGION_ID", "member_opportunities", "regional_calls", "targeted_pairs"]

REGION_ID = "REGIONE-LOMBARDIA"
_UPDATED_AT = dt.datetime(2026, 1, 12, 9, 30, tzinfo=dt.UTC)
_RESEARCH = ("university", "research_centre")
_CALLS = {  # year: (what the call favours, deadline, status)
    2025: ("la doppia transizione digitale e verde delle filiere lombarde", dt.date(2025, 10, 31), "closed"),
    2026: ("l'adozione dell'intelligenza artificiale nelle PMI e nei servizi", dt.date(2026, 10, 30), "open"),
    2027: (
        "l'economia circolare e l'uso efficiente delle materie prime critiche",
        dt.date(2027, 10, 29),
        "open",
    ),
}
_CALL_TEXT = (
    "Regione Lombardia stanzia 1 milione di euro per progetti di ricerca industriale e sviluppo sperimentale "
    "realizzati in collaborazione da imprese e organismi di ricerca aderenti ad almeno due diversi Cluster "
    "Tecnologici Lombardi. Il bando {year} privilegia {focus}. Ogni partenariato comprende almeno una PMI e "
    "un'università o un centro di ricerca; il contributo a fondo perduto copre fino al 50% delle spese "
    "ammissibili, per progetti di durata massima di 18 mesi."
)


def regional_calls() -> list[Opportunity]:
    """The three €1M Regione Lombardia calls (2025, 2026, 2027) for cross-cluster LTC collaboration."""
    return [
        Opportunity.model_validate(
            {
                "opportunity_id": f"rl-ltc-collab-{year}",
                "published_by": REGION_ID,
                "kind": "call_for_proposals",
                "title": f"Bando Cluster Tecnologici Lombardi {year}: progetti di collaborazione tra cluster",
                "description": _CALL_TEXT.format(year=year, focus=focus),
                "seeking": {"org_types": ["company", *_RESEARCH]},
                "ecosystems": list(ECOSYSTEMS),
                "deadline": deadline,
                "status": status,
                "url": "https://www.bandi.regione.lombardia.it/",
                "updated_at": _UPDATED_AT,
            }
        )
        for year, (focus, deadline, status) in _CALLS.items()
    ]


class _Spec(NamedTuple):
    kind: str
    cluster: str  # the publisher's cluster
    publishers: tuple[str, ...]  # preferred member ids or org types, best first
    target: str | None  # signature key of the member this is aimed at
    seeking: dict[str, Any] | None
    title: str
    description: str


_CO, _SME = {"org_types": ["company"]}, {"org_types": ["company"], "sme_only": True}
_RES, _ANY = {"org_types": list(_RESEARCH)}, {"org_types": ["company", *_RESEARCH]}
# fmt: off
_SPECS: tuple[_Spec, ...] = tuple(_Spec(*row) for row in (
    ("technology_need", "AFIL", ("company",), "cryo-titanium", _CO,
     "Cercasi partner per la lavorazione criogenica di staffe in titanio e Inconel",
     "Azienda della filiera aeronautica cerca un partner in grado di eseguire la lavorazione criogenica di "
     "staffe in Ti-6Al-4V e Inconel 718, con raffreddamento ad azoto liquido attraverso il mandrino, per "
     "ridurre l'usura degli utensili rispetto al refrigerante tradizionale. Volumi iniziali: 2.000 pezzi "
     "all'anno."),
    ("technology_need", "LE2C", ("company",), "pet-hyperspectral", _CO,
     "Hyperspectral NIR sorting of recycled PET flakes",
     "We run a plastics recycling line and need a hyperspectral near-infrared sorting system for recycled "
     "PET flakes that separates opaque and multilayer PET at around 8 tonnes per hour, for a pilot in "
     "2026."),
    ("project_idea", "LLSC", ("company",), "lactoferrin", None,
     "Idea progettuale: lattoferrina dal siero di latte per integratori",
     "Proponiamo un progetto per recuperare la lattoferrina dal siero dei caseifici lombardi mediante "
     "cromatografia a membrana a scambio cationico, con purezza oltre il 95%, da usare in integratori "
     "alimentari. Cerchiamo un partner che abbia già sviluppato il processo di purificazione."),
    ("partner_search", "LE2C", ("company",), "sodium-ion", _RES,
     "Academic partner on sodium-ion battery cathodes",
     "Energy storage SME seeks an academic partner with published results on layered oxide cathodes for "
     "sodium-ion batteries, in particular magnesium doping that suppresses the P2-O2 phase transition and "
     "improves capacity retention over long cycling, for a joint proposal to the 2026 regional LTC call."),
    ("partner_search", "LAC", ("company",), "fbg-wing", _RES,
     "Partner di ricerca per il monitoraggio strutturale di longheroni alari in composito",
     "Costruttore di aerostrutture cerca un gruppo di ricerca esperto in reti di sensori in fibra ottica a "
     "reticolo di Bragg integrati nei longheroni alari in composito, per il monitoraggio strutturale e il "
     "rilevamento degli impatti durante le prove di volo."),
    ("technology_need", "LLSC", ("company",), "osteochondral", _RES,
     "Scaffold biostampati per la rigenerazione della cartilagine del ginocchio",
     "Azienda di dispositivi ortopedici cerca competenze su scaffold osteocondrali stampati in 3D con "
     "gradiente di idrossiapatite e collagene, per sviluppare un impianto per la rigenerazione della "
     "cartilagine."),
    ("technology_need", "LLSC", ("pub-asst-niguarda", "public_body", "research_centre"), "hospital-amr", _CO,
     "Autonomous mobile robots for hospital logistics",
     "A Milan hospital wants to automate the transport of drugs, meals and lab samples with autonomous "
     "mobile robots that ride lifts and pass automatic doors. We seek a fleet management system with an "
     "open VDA 5050 interface able to coordinate several dozen AMRs."),
    ("partner_search", "SCC", ("pub-comune-bergamo", "pub-comune-milano", "public_body"), "non-exhaust", _RES,
     "Research partner to estimate non-exhaust traffic emissions",
     "The city seeks a research partner to estimate particulate emissions from tyre and brake wear in "
     "urban traffic, with models validated by on-road measurement campaigns, to support its low-emission "
     "zone."),
    ("partner_search", "CAT.AL", ("public_body", "other", "research_centre", "university"),
     "rice-blast", _SME,
     "Previsione del brusone del riso: cerchiamo una PMI",
     "Per un progetto pilota con i risicoltori della Lomellina cerchiamo una PMI che offra un servizio di "
     "previsione delle infezioni di brusone del riso (Pyricularia oryzae) basato su sensori di bagnatura "
     "fogliare e modelli meteorologici."),
    ("technology_need", "SCC", ("pub-comune-brescia", "pub-comune-milano", "public_body"),
     "co2-heat-pump", _CO,
     "Pompe di calore ad alta temperatura per il teleriscaldamento",
     "Il Comune, con la multiutility locale, cerca pompe di calore ad alta temperatura a CO2 transcritica "
     "per alimentare una rete di teleriscaldamento di quarta generazione con acqua di mandata fino a 90 "
     "°C."),
    ("partner_search", "CTAV", ("university",), "mmwave-falls", _SME,
     "Cerchiamo una PMI con sensori radar per il rilevamento delle cadute",
     "Per uno studio di accettabilità con anziani che vivono soli cerchiamo una PMI che abbia sviluppato "
     "il rilevamento delle cadute con radar a onde millimetriche a 60 GHz, senza telecamere, con allerte "
     "inviate allo smartphone dei caregiver."),
    ("technology_need", "CLM", ("company",), "h2-valves", _CO,
     "Valves for a 700 bar hydrogen refuelling station",
     "We are building hydrogen refuelling stations for fuel-cell trucks and need pressure-regulating "
     "valves rated for 700 bar, qualified to ISO 19880-3 and tested against hydrogen embrittlement."),
    ("partner_search", "CTAV", ("company",), "wine-dyes", None,
     "Coloranti naturali da vinacce per tessuti d'arredo",
     "Azienda di tessuti per l'arredamento cerca un partner che abbia sviluppato la tintura di fibre con "
     "coloranti naturali estratti dalle vinacce, senza mordenti metallici, ad esempio con fissaggio a base "
     "di chitosano, per una nuova collezione sostenibile."),
    ("technology_need", "CLM", ("company",), "press-twin", _CO,
     "Digital twin to predict springback on a servo-press line",
     "Automotive stamping supplier looking for a digital twin of its servo-press line for "
     "ultra-high-strength steel parts, able to predict springback and die wear from press-force signals."),
    ("partner_search", "SCC", ("pub-comune-milano", "pub-comune-pavia", "public_body"), "hbim-heritage", _RES,
     "Rilievo HBIM di edifici storici per il miglioramento sismico",
     "Il Comune deve progettare il miglioramento sismico di edifici storici in muratura di proprietà "
     "pubblica e cerca un partner universitario per il rilievo con laser scanner e la modellazione HBIM."),
    ("technology_need", "CAT.AL", ("company",), "late-blowing", _RES,
     "Predicting late blowing in hard cheese from raw-milk microbiota",
     "A Grana-type cheese dairy seeks a research partner able to predict late blowing defects caused by "
     "clostridia through metagenomic profiling of raw-milk microbiota, to divert at-risk milk early."),
    ("technology_need", "LLSC", ("company",), "vial-inspection", _CO,
     "Automated visual inspection of freeze-dried vials",
     "Sterile injectables manufacturer seeks an AI-based visual inspection system for lyophilised vials "
     "that detects cake collapse and cracked glass at about 400 vials per minute, compliant with EU GMP "
     "Annex 1."),
    ("technology_need", "CAT.AL", ("company", "other"), "sar-soil", _CO,
     "Satellite soil moisture maps for precision irrigation of maize",
     "Farm cooperative looking for a service that estimates soil moisture from high-resolution Sentinel-1 "
     "SAR radar images, to schedule precision irrigation of its maize fields."),
    ("technology_offer", "AFIL", ("company",), None, _SME,
     "Collaborative robot deburring cell available for shared pilots",
     "We offer SMEs of the cluster access to a collaborative robot cell for deburring and polishing small "
     "batches of machined parts, programmed offline from CAD: a way to test automation before investing."),
    ("partner_search", "CAT.AL", ("company",), None, None,
     "Partner per imballaggi compostabili per formaggi freschi",
     "Caseificio cerca partner, fornitori di film e centri di ricerca, per sviluppare un imballaggio "
     "compostabile per formaggi freschi che garantisca almeno 21 giorni di shelf life."),
    ("partner_search", "LLSC", ("university",), None, _SME,
     "SMEs wanted for a Horizon Europe proposal on AI for digital pathology",
     "University research group preparing a Horizon Europe proposal on AI-assisted digital pathology seeks "
     "innovative SMEs that develop image analysis software or whole-slide scanners."),
    ("project_idea", "CLM", ("company",), None, None,
     "Hub di ricarica condiviso per furgoni elettrici della logistica urbana",
     "Idea progettuale: un hub di ricarica condiviso per i furgoni elettrici delle consegne dell'ultimo "
     "miglio a Milano, con gestione intelligente della potenza e accumulo stazionario."),
    ("technology_need", "LE2C", ("company",), None, _CO,
     "Leak detection and energy monitoring for compressed air",
     "Manufacturer with several plants in Lombardy looks for a monitoring solution that detects leaks and "
     "reduces the energy consumption of its compressed air systems."),
    ("partner_search", "SCC", ("public_body",), None, _ANY,
     "Living lab sulla qualità dell'aria vicino alle scuole",
     "Il Comune cerca imprese e università per un living lab sulla qualità dell'aria vicino alle scuole, "
     "con sensori a basso costo, open data e coinvolgimento di studenti e famiglie."),
    ("technology_offer", "LGCA", ("company",), None, None,
     "Polioli da oli vegetali esausti per formulatori",
     "Offriamo polioli di origine biologica ottenuti da oli vegetali esausti, adatti a schiume "
     "poliuretaniche, adesivi e vernici; cerchiamo formulatori interessati a prove congiunte."),
    ("partner_search", "CTAV", ("other", "public_body"), None, None,
     "Co-design of assistive home technology in social housing",
     "Association of housing cooperatives seeks technology providers and researchers to co-design "
     "assistive home technologies with older tenants of social housing in Milan."),
    ("technology_offer", "LAC", ("university", "research_centre"), None, _CO,
     "Thermal-vacuum and vibration testing for small satellites",
     "Laboratory offering thermal-vacuum and vibration testing of CubeSats and small satellite subsystems "
     "to companies of the cluster, with test reports accepted by launch providers."),
    ("technology_offer", "AFIL", ("research_centre", "university"), None, _SME,
     "Laboratorio di metrologia per componenti di precisione",
     "Il laboratorio mette a disposizione delle PMI misure con macchina di misura a coordinate e "
     "tomografia computerizzata industriale per la verifica di componenti meccanici di precisione."),
    ("project_idea", "CLM", ("university",), None, _CO,
     "Second-life bus batteries for stationary storage",
     "Project idea for the 2026 regional LTC call: repurposing batteries from electric buses as stationary "
     "storage for renewable energy communities. We seek companies from the mobility and energy clusters."),
    ("project_idea", "LE2C", ("other", "public_body"), None, None,
     "Comunità energetiche rinnovabili nei distretti industriali",
     "Proposta di progetto per costituire comunità energetiche rinnovabili tra le imprese di un distretto "
     "industriale bresciano, con fotovoltaico sui capannoni e accumulo condiviso."),
))
# fmt: on


def _holders(members: Sequence[MemberProfile]) -> dict[str, str]:
    """Signature key -> id of the member whose evidence carries it."""
    by_text = {sig.text: sig.key for sig in SIGNATURE_EVIDENCE}
    return {by_text[c.text]: m.member_id for m in members for c in m.competencies if c.text in by_text}


def member_opportunities(
    members: Sequence[MemberProfile], seed: int = 7, today: dt.date | None = None
) -> list[Opportunity]:
    """Thirty opportunities (``ltc-opp-001``...) published by members of ``members``.

    The publisher of each is the first preferred member present, or one drawn (with ``seed``) from
    members of the right cluster and org type, never the member it targets. Deadlines fall two to
    ten months after ``today`` (default 2026-01-01), so the demo's partner searches are still open.
    """
    base = today or dt.date(2026, 1, 1)
    rng = random.Random(seed)
    holders = _holders(members)
    out = []
    for number, spec in enumerate(_SPECS, start=1):
        target = holders.get(spec.target or "")
        fits = [m for m in members if m.member_id != target and spec.cluster in m.clusters]
        pool = next(
            (
                found
                for want in spec.publishers
                if (found := [m for m in fits if want in (m.member_id, m.org_type)])
            ),
            fits,
        )
        publisher = rng.choice(pool or [m for m in members if m.member_id != target])
        ecosystems = list(CLUSTERS[spec.cluster].ecosystems[0])
        days_left = rng.randint(60, 300)
        out.append(
            Opportunity.model_validate(
                {
                    "opportunity_id": f"ltc-opp-{number:03d}",
                    "published_by": publisher.member_id,
                    "kind": spec.kind,
                    "title": spec.title,
                    "description": spec.description,
                    "seeking": spec.seeking,
                    "ecosystems": ecosystems,
                    "deadline": None
                    if spec.kind == "technology_offer"
                    else base + dt.timedelta(days=days_left),
                    "updated_at": _UPDATED_AT
                    + dt.timedelta(days=rng.randrange(90), minutes=rng.randrange(480)),
                }
            )
        )
    return out


def targeted_pairs(members: Sequence[MemberProfile]) -> list[tuple[str, str]]:
    """(opportunity_id, member_id) pairs: the member a good matcher should rank first for each."""
    holders = _holders(members)
    return [
        (f"ltc-opp-{number:03d}", holders[spec.target])
        for number, spec in enumerate(_SPECS, start=1)
        if spec.target is not None and spec.target in holders
    ]
