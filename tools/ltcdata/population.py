"""Who the LTC members are: cluster sizes, real institutions, fictional company names, signatures.

Cluster sizes of AFIL, CAT.AL and CLM are the published ones (companies / research organisations /
other bodies); the other six clusters have plausible sizes. Universities, research centres and
public bodies are real Lombardy institutions; every company and association name is invented.
"""

from __future__ import annotations

import random
from typing import NamedTuple

__all__ = [
    "CITIES",
    "CLUSTERS",
    "INSTITUTIONS",
    "PUBLIC_BODIES",
    "SHARED_PAIRS",
    "SIGNATURE_EVIDENCE",
    "ClusterSpec",
    "Institution",
    "SignatureEvidence",
    "company_name",
    "other_body_name",
    "research_centre_name",
]


class ClusterSpec(NamedTuple):
    """One Lombardy Technological Cluster: size by org type, S3 ecosystems, naming vocabulary."""

    code: str
    slug: str
    name: str
    companies: int
    research: int
    other: int
    ecosystems: tuple[tuple[str, ...], tuple[str, ...]]  # (always, sometimes)
    words: tuple[str, ...]  # domain words for fictional company names
    roots: tuple[str, ...]  # roots of coined company names


class Institution(NamedTuple):
    """A real university, research centre or public body and the clusters it plausibly joins."""

    member_id: str
    name: str
    org_type: str
    size: str
    city: str
    clusters: tuple[str, ...]


class SignatureEvidence(NamedTuple):
    """Hand-written, very specific evidence given to one member so an opportunity can target it."""

    key: str
    cluster: str
    org_type: str
    lang: str
    kind: str
    text: str
    sme: bool = False


_AM, _NU, _HL, _CK = "advanced_manufacturing", "nutrition", "health_life_sciences", "culture_knowledge"
_CI, _SM = "connectivity_information", "smart_mobility_architecture"
_SU, _SD = "sustainability", "social_development"

# fmt: off
CLUSTERS: dict[str, ClusterSpec] = {c.code: c for c in (
    ClusterSpec("AFIL", "afil", "Associazione Fabbrica Intelligente Lombardia", 116, 14, 14,
                ((_AM,), (_CI, _SU, _SM)),
                ("Meccanica", "Automazione", "Robotica", "Laser", "Stampi", "Utensili", "Precision",
                 "Machining", "Additive", "Motion"), ("Mecca", "Robo", "Tecno", "Fresa")),
    ClusterSpec("CAT.AL", "catal", "Cluster Agrifood Lombardia", 4, 4, 6, ((_NU,), (_SU, _HL, _CI)),
                ("Alimentare", "Agritech", "Sementi", "Foods", "Nutrition", "Agro", "Dairy", "Packaging",
                 "Conserve", "Farm"), ("Agri", "Lacto", "Grano", "Orto")),
    ClusterSpec("CLM", "clm", "Cluster Lombardo della Mobilità", 70, 4, 9, ((_SM,), (_AM, _SU, _CI)),
                ("Mobility", "Automotive", "E-Drive", "Trasporti", "Componenti", "Powertrain", "Chassis",
                 "Charge", "Rail", "Fleet"), ("Moto", "Volta", "Rota", "Trazio")),
    ClusterSpec("LLSC", "llsc", "Lombardy Life Sciences Cluster", 92, 16, 12, ((_HL,), (_NU, _CI, _AM)),
                ("Biotech", "Pharma", "Medical", "Diagnostics", "Therapeutics", "Health", "Biomed",
                 "Genomics", "Devices", "Bioscience"), ("Medi", "Gene", "Cura", "Cardio")),
    ClusterSpec("LE2C", "le2c", "Lombardy Energy Cleantech Cluster", 72, 8, 10, ((_SU,), (_AM, _SM, _CI)),
                ("Energia", "Solar", "Power", "Hydro", "Thermo", "Cleantech", "Impianti", "Water", "Grid",
                 "Efficiency"), ("Eco", "Termo", "Idro", "Ampere")),
    ClusterSpec("LAC", "lac", "Lombardia Aerospace Cluster", 48, 6, 6, ((_AM, _CI), (_SM, _SU)),
                ("Aerospace", "Avionica", "Space", "Aero", "Compositi", "Satellite", "Flight", "Drones",
                 "Orbital", "Aerostrutture"), ("Aero", "Astro", "Orbi", "Volo")),
    ClusterSpec("LGCA", "lgca", "Lombardy Green Chemistry Association", 38, 6, 6, ((_SU,), (_AM, _NU, _HL)),
                ("Chimica", "Polimeri", "Green Chemicals", "Biomaterials", "Resine", "Coatings", "Recycling",
                 "Materials", "Solventi", "BioChem"), ("Chemi", "Poli", "Bio", "Ciclo")),
    ClusterSpec("SCC", "scc", "Smart Cities & Communities Lombardia", 48, 8, 14,
                ((_SM, _CI), (_SU, _SD, _CK)),
                ("Smart City", "Digital", "Urban", "Geo", "Infrastrutture", "Civic", "Networks", "Data",
                 "Sensors", "IoT"), ("Urba", "Civi", "Geo", "Polis")),
    ClusterSpec("CTAV", "ctav", "Cluster Tecnologie per gli Ambienti di Vita", 30, 5, 5,
                ((_SD,), (_HL, _SM, _CK)),
                ("Design", "Living", "Arredo", "Home", "Interiors", "Care", "Comfort", "Lighting",
                 "Wellbeing", "Domotica"), ("Domo", "Casa", "Vivi", "Abita")),
)}

INSTITUTIONS: tuple[Institution, ...] = tuple(Institution(*row) for row in (
    ("univ-polimi", "Politecnico di Milano", "university", "large", "Milano",
     ("AFIL", "CLM", "LLSC", "LE2C", "LAC", "LGCA", "SCC", "CTAV")),
    ("univ-unimi", "Università degli Studi di Milano", "university", "large", "Milano",
     ("CAT.AL", "LLSC", "LGCA", "SCC")),
    ("univ-unimib", "Università degli Studi di Milano-Bicocca", "university", "large", "Milano",
     ("AFIL", "LLSC", "LE2C", "LGCA", "SCC")),
    ("univ-unipv", "Università degli Studi di Pavia", "university", "large", "Pavia",
     ("AFIL", "CAT.AL", "LLSC", "LE2C", "CTAV")),
    ("univ-unibs", "Università degli Studi di Brescia", "university", "large", "Brescia",
     ("AFIL", "CLM", "LLSC", "LE2C", "CTAV")),
    ("univ-unibg", "Università degli Studi di Bergamo", "university", "large", "Dalmine",
     ("AFIL", "CLM", "LAC", "SCC", "CTAV")),
    ("univ-uninsubria", "Università degli Studi dell'Insubria", "university", "large", "Varese",
     ("AFIL", "LLSC", "LGCA", "CTAV")),
    ("univ-unicatt", "Università Cattolica del Sacro Cuore", "university", "large", "Cremona",
     ("CAT.AL", "LLSC", "CTAV")),
    ("univ-liuc", "LIUC - Università Cattaneo", "university", "medium", "Castellanza",
     ("AFIL", "CLM", "SCC")),
    ("univ-unisr", "Università Vita-Salute San Raffaele", "university", "large", "Milano", ("LLSC",)),
    ("univ-hunimed", "Humanitas University", "university", "medium", "Pieve Emanuele", ("LLSC",)),
    ("cnr-stiima", "CNR - Istituto di Sistemi e Tecnologie Industriali Intelligenti per il Manifatturiero "
     "Avanzato (STIIMA)", "research_centre", "medium", "Milano", ("AFIL", "CLM", "LAC")),
    ("cnr-ifn", "CNR - Istituto di Fotonica e Nanotecnologie (IFN)", "research_centre", "medium", "Milano",
     ("AFIL", "LLSC", "LAC")),
    ("cnr-icmate", "CNR - Istituto di Chimica della Materia Condensata e di Tecnologie per l'Energia "
     "(ICMATE)", "research_centre", "medium", "Lecco", ("AFIL", "CLM", "LE2C", "LGCA")),
    ("cnr-scitec", "CNR - Istituto di Scienze e Tecnologie Chimiche (SCITEC)", "research_centre", "medium",
     "Milano", ("LLSC", "LE2C", "LGCA")),
    ("cnr-itb", "CNR - Istituto di Tecnologie Biomediche (ITB)", "research_centre", "medium", "Segrate",
     ("LLSC", "CTAV")),
    ("cnr-ibba", "CNR - Istituto di Biologia e Biotecnologia Agraria (IBBA)", "research_centre", "small",
     "Milano", ("CAT.AL", "LLSC", "LGCA")),
    ("cnr-irea", "CNR - Istituto per il Rilevamento Elettromagnetico dell'Ambiente (IREA)",
     "research_centre", "small", "Milano", ("LE2C", "LAC", "SCC")),
    ("cnr-irsa", "CNR - Istituto di Ricerca sulle Acque (IRSA)", "research_centre", "small", "Brugherio",
     ("LE2C", "SCC")),
    ("iit-cnst", "IIT - Center for Nano Science and Technology", "research_centre", "medium", "Milano",
     ("AFIL", "LLSC", "LE2C")),
    ("rse", "RSE - Ricerca sul Sistema Energetico", "research_centre", "large", "Milano",
     ("CLM", "LE2C", "SCC")),
    ("ifom", "IFOM - Istituto Fondazione di Oncologia Molecolare", "research_centre", "medium", "Milano",
     ("LLSC",)),
    ("marionegri", "Istituto di Ricerche Farmacologiche Mario Negri IRCCS", "research_centre", "large",
     "Milano", ("LLSC",)),
    ("human-technopole", "Human Technopole", "research_centre", "large", "Milano", ("LLSC",)),
    ("infn-mi", "INFN - Sezione di Milano", "research_centre", "medium", "Milano", ("AFIL", "LAC")),
    ("innovhub-ssi", "Innovhub - Stazioni Sperimentali per l'Industria", "research_centre", "medium",
     "Milano", ("AFIL", "CAT.AL", "LGCA")),
    ("csmt", "CSMT - Centro Servizi Multisettoriale e Tecnologico", "research_centre", "small", "Brescia",
     ("AFIL", "CLM", "LE2C")),
    ("ptp-lodi", "Fondazione Parco Tecnologico Padano", "research_centre", "small", "Lodi",
     ("CAT.AL", "LLSC", "LGCA")),
    ("crea-za", "CREA - Centro di ricerca Zootecnia e Acquacoltura", "research_centre", "small", "Lodi",
     ("CAT.AL",)),
    ("fond-polimi", "Fondazione Politecnico di Milano", "research_centre", "medium", "Milano",
     ("AFIL", "SCC", "CTAV")),
    ("don-gnocchi", "IRCCS Fondazione Don Carlo Gnocchi", "research_centre", "large", "Milano",
     ("LLSC", "CTAV")),
))
PUBLIC_BODIES: tuple[Institution, ...] = tuple(Institution(*row) for row in (
    ("pub-comune-milano", "Comune di Milano", "public_body", "large", "Milano",
     ("CLM", "LE2C", "SCC", "CTAV")),
    ("pub-comune-bergamo", "Comune di Bergamo", "public_body", "large", "Bergamo", ("CLM", "SCC")),
    ("pub-comune-brescia", "Comune di Brescia", "public_body", "large", "Brescia", ("AFIL", "LE2C", "SCC")),
    ("pub-comune-pavia", "Comune di Pavia", "public_body", "medium", "Pavia", ("SCC", "CTAV")),
    ("pub-comune-cremona", "Comune di Cremona", "public_body", "medium", "Cremona", ("CAT.AL", "SCC")),
    ("pub-comune-lecco", "Comune di Lecco", "public_body", "medium", "Lecco", ("AFIL", "CTAV")),
    ("pub-cittametro-milano", "Città metropolitana di Milano", "public_body", "large", "Milano",
     ("CLM", "LE2C", "SCC")),
    ("pub-arpa-lombardia", "ARPA Lombardia", "public_body", "large", "Milano",
     ("CAT.AL", "LE2C", "LGCA", "SCC")),
    ("pub-ersaf", "ERSAF - Ente Regionale per i Servizi all'Agricoltura e alle Foreste", "public_body",
     "medium", "Milano", ("CAT.AL", "LGCA")),
    ("pub-cciaa-mmbl", "Camera di Commercio di Milano Monza Brianza Lodi", "public_body", "large", "Milano",
     ("AFIL", "CAT.AL", "LLSC", "CTAV")),
    ("pub-unioncamere", "Unioncamere Lombardia", "public_body", "medium", "Milano", ("AFIL", "CLM", "LAC")),
    ("pub-asst-niguarda", "ASST Grande Ospedale Metropolitano Niguarda", "public_body", "large", "Milano",
     ("LLSC", "CTAV")),
))

#: Related clusters that share company members, with relative weights.
SHARED_PAIRS: tuple[tuple[str, str, int], ...] = (
    ("AFIL", "CLM", 5), ("AFIL", "LAC", 4), ("AFIL", "LE2C", 3), ("SCC", "LE2C", 3), ("CLM", "SCC", 3),
    ("CLM", "LE2C", 2), ("LLSC", "CTAV", 2), ("SCC", "CTAV", 2), ("AFIL", "LGCA", 1), ("CAT.AL", "LGCA", 1),
    ("CAT.AL", "LLSC", 1), ("LLSC", "LGCA", 1), ("LAC", "CLM", 1), ("AFIL", "CTAV", 1), ("SCC", "LAC", 1),
)
#: Lombardy cities, repeated by weight (draw with ``rng.choice``).
CITIES: tuple[str, ...] = tuple(city for city, weight in (
    ("Milano", 30), ("Brescia", 8), ("Bergamo", 8), ("Monza", 5), ("Varese", 4), ("Como", 4), ("Pavia", 3),
    ("Cremona", 3), ("Mantova", 3), ("Lecco", 3), ("Lodi", 2), ("Busto Arsizio", 2), ("Legnano", 2),
    ("Sesto San Giovanni", 2), ("Gallarate", 2), ("Lumezzane", 2), ("Sondrio", 1), ("Saronno", 1),
    ("Vigevano", 1), ("Crema", 1), ("Desio", 1), ("Seregno", 1), ("Dalmine", 1), ("Rovato", 1), ("Erba", 1),
    ("Cantù", 1), ("Treviglio", 1), ("Segrate", 1), ("Agrate Brianza", 1), ("Vimercate", 1), ("Rho", 1),
    ("Chiari", 1), ("Abbiategrasso", 1), ("Lonato del Garda", 1), ("Viadana", 1), ("Suzzara", 1),
    ("Castellanza", 1),
) for _ in range(weight))

_PLACES = ("Orobica", "Lariana", "Insubrica", "Padana", "Ambrosiana", "Brianza", "Camuna", "Benaco",
           "Seriana", "Lomellina", "Ticino", "Adda", "Olona", "Mincio", "Valtellina", "Franciacorta",
           "Oltrepò", "Lambro", "Martesana", "Sebino")
_SURNAMES = ("Brambilla", "Colombo", "Bianchi", "Villa", "Fumagalli", "Galli", "Sala", "Cattaneo", "Mauri",
             "Crippa", "Longoni", "Pozzi", "Bassi", "Ghezzi", "Rota", "Locatelli", "Pagani", "Zanetti",
             "Marchesi", "Moretti", "Arrigoni", "Sironi", "Vismara", "Tagliabue")
_TAILS = ("tronix", "lab", "tek", "via", "sys", "gen", "flux", "logic", "mind", "wave")
_EXTRA = ("Engineering", "Solutions", "Systems", "Group", "Italia", "Technologies", "Innovation", "Lab")
_RESEARCH_KINDS = ("Centro Ricerche", "Laboratorio", "Istituto di Ricerca", "Centro di Competenza")
_OTHER_KINDS = ("Associazione", "Consorzio", "Fondazione", "Distretto", "Rete d'Imprese", "Centro Servizi",
                "ITS Academy")
# fmt: on


def _unique(base: str, form: str, rng: random.Random, taken: set[str]) -> str:
    name = f"{base} {form}".strip()
    for extra in rng.sample(_EXTRA, 3):
        if name not in taken:
            break
        name = f"{base} {extra} {form}".strip()
    serial = 2
    while name in taken:
        name, serial = f"{base} {serial} {form}".strip(), serial + 1
    taken.add(name)
    return name


def company_name(rng: random.Random, spec: ClusterSpec, size: str, taken: set[str]) -> str:
    """A fictional, unique company name in the cluster's vocabulary (legal form follows size)."""
    pattern = rng.random()
    if pattern < 0.4:
        base = f"{rng.choice(_PLACES)} {rng.choice(spec.words)}"
    elif pattern < 0.7:
        base = f"{rng.choice(spec.roots)}{rng.choice(_TAILS)}"
    else:
        family = "F.lli " if size == "micro" and rng.random() < 0.5 else ""
        base = f"{family}{rng.choice(_SURNAMES)} {rng.choice(spec.words)}"
    if size == "large" or (size == "medium" and rng.random() < 0.4):
        form = "S.p.A."
    else:
        form = "S.n.c." if size == "micro" and rng.random() < 0.3 else "S.r.l."
    return _unique(base, form, rng, taken)


def research_centre_name(rng: random.Random, spec: ClusterSpec, taken: set[str]) -> str:
    """A fictional research centre (only needed at ``scale > 1``, beyond the real institutions)."""
    kind = rng.choice(_RESEARCH_KINDS)
    return _unique(f"{kind} {rng.choice(spec.words)} {rng.choice(_PLACES)}", "", rng, taken)


def other_body_name(rng: random.Random, spec: ClusterSpec, taken: set[str]) -> str:
    """A fictional association, consortium, foundation or business network."""
    kind = rng.choice(_OTHER_KINDS)
    return _unique(f"{kind} {rng.choice(spec.words)} {rng.choice(_PLACES)}", "", rng, taken)


# fmt: off
SIGNATURE_EVIDENCE: tuple[SignatureEvidence, ...] = tuple(SignatureEvidence(*row) for row in (
    ("cryo-titanium", "LAC", "company", "en", "service",
     "Cryogenic machining of Ti-6Al-4V and Inconel 718 aerospace brackets with liquid-nitrogen "
     "through-spindle cooling, cutting tool wear by 40% compared with flood coolant."),
    ("pet-hyperspectral", "LGCA", "company", "it", "product",
     "Sistema di selezione iperspettrale nel vicino infrarosso per scaglie di PET riciclato, in grado di "
     "separare il PET opaco e multistrato a 8 tonnellate all'ora."),
    ("lactoferrin", "CAT.AL", "company", "it", "project",
     "Recupero di lattoferrina dal siero di latte mediante cromatografia a membrana a scambio cationico, "
     "con purezza superiore al 95% per integratori alimentari."),
    ("sodium-ion", "LE2C", "university", "en", "publication",
     "Magnesium-doped layered oxide cathodes for sodium-ion batteries that suppress the P2-O2 phase "
     "transition and retain 92% of capacity after 500 cycles."),
    ("fbg-wing", "LAC", "university", "en", "project",
     "Fibre Bragg grating sensor networks embedded in composite wing spars for structural health "
     "monitoring and impact detection during flight tests."),
    ("osteochondral", "LLSC", "university", "it", "publication",
     "Scaffold osteocondrali biostampati in 3D con gradiente di idrossiapatite e collagene per la "
     "rigenerazione della cartilagine del ginocchio."),
    ("hospital-amr", "CLM", "company", "en", "product",
     "Fleet manager for autonomous mobile robots in hospital logistics, routing up to 60 AMRs through lifts "
     "and automatic doors via the open VDA 5050 interface."),
    ("non-exhaust", "CLM", "university", "it", "project",
     "Modelli per la stima delle emissioni di particolato da usura di pneumatici e freni in ambito urbano, "
     "validati con campagne di misura su strada a Milano."),
    ("rice-blast", "CAT.AL", "company", "en", "service",
     "Decision-support service forecasting rice blast (Pyricularia oryzae) infections in Lomellina paddies "
     "from leaf-wetness sensors and weather models.", True),
    ("co2-heat-pump", "LE2C", "company", "it", "product",
     "Pompe di calore ad alta temperatura a CO2 transcritica per reti di teleriscaldamento di quarta "
     "generazione, con temperatura di mandata fino a 90 °C."),
    ("mmwave-falls", "CTAV", "company", "en", "product",
     "Radar-based fall detection for older people living alone, using 60 GHz millimetre-wave sensors "
     "without cameras and sending alerts to caregivers' smartphones.", True),
    ("h2-valves", "AFIL", "company", "en", "product",
     "Hydrogen-compatible pressure-regulating valves for 700 bar refuelling stations, qualified to "
     "ISO 19880-3 with hydrogen embrittlement testing of every alloy."),
    ("wine-dyes", "LGCA", "company", "it", "project",
     "Tintura di fibre tessili con coloranti naturali estratti dalle vinacce, con fissaggio a base di "
     "chitosano al posto dei mordenti metallici."),
    ("press-twin", "AFIL", "company", "en", "service",
     "Digital twin of servo-press lines stamping ultra-high-strength steel, predicting springback and die "
     "wear from press-force signatures."),
    ("hbim-heritage", "SCC", "university", "it", "project",
     "Rilievo con laser scanner e modellazione HBIM di edifici storici in muratura per la progettazione di "
     "interventi di miglioramento sismico."),
    ("late-blowing", "CAT.AL", "university", "en", "publication",
     "Metagenomic profiling of raw-milk microbiota to predict late blowing defects caused by clostridia in "
     "Grana-type hard cheeses."),
    ("vial-inspection", "LLSC", "company", "en", "product",
     "Deep-learning visual inspection of lyophilised vials that detects cake collapse and glass cracks at "
     "400 vials per minute, validated under EU GMP Annex 1."),
    ("sar-soil", "LAC", "company", "it", "service",
     "Stima dell'umidità del suolo da immagini radar SAR Sentinel-1 ad alta risoluzione per l'irrigazione "
     "di precisione del mais."),
))
# fmt: on
