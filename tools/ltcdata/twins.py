"""Bilingual twin set: LTC members and opportunities written twice, in Italian and in English.

Every text has a faithful translation and the same ids in both languages, so the matcher's score for a
member/opportunity pair can be compared whichever language each side is written in. ``TWIN_RELEVANT``
holds the members an expert would suggest; neighbouring domains share vocabulary as distractors.
"""

# ruff: noqa: E501  (one hand-written sentence per line reads better than split strings)
from __future__ import annotations

import datetime as dt
from typing import Literal, NamedTuple

from models.events import Competency, MemberProfile, Opportunity

__all__ = [
    "TWIN_CALL_TOPICS",
    "TWIN_MEMBERS",
    "TWIN_OPPORTUNITIES",
    "TWIN_RELEVANT",
    "TWIN_UPDATED_AT",
    "TwinMember",
    "TwinOpportunity",
    "twin_members",
    "twin_opportunities",
]

Language = Literal["it", "en"]
Bilingual = tuple[str, str]  # (italian, english)

#: Every twin was last updated at the same instant, so both languages carry identical versions.
TWIN_UPDATED_AT = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)

_AM, _NU, _HL, _CK = "advanced_manufacturing", "nutrition", "health_life_sciences", "culture_knowledge"
_CI, _SM = "connectivity_information", "smart_mobility_architecture"
_SU, _SD = "sustainability", "social_development"


class TwinMember(NamedTuple):
    """A member with its competencies as ``(kind, italian, english)``; names are not translated."""

    member_id: str
    name: str
    org_type: str
    size: str | None
    city: str
    clusters: tuple[str, ...]
    ecosystems: tuple[str, ...]
    competencies: tuple[tuple[str, str, str], ...]


class TwinOpportunity(NamedTuple):
    """An opportunity in both languages; ``topics`` holds the relevant members of each topic of a call."""

    opportunity_id: str
    published_by: str
    kind: str
    ecosystems: tuple[str, ...]
    deadline: dt.date
    title: Bilingual
    description: Bilingual
    relevant: tuple[str, ...]
    topics: tuple[tuple[str, ...], ...] = ()


TWIN_MEMBERS: tuple[TwinMember, ...] = (
    # ── advanced manufacturing ─────────────────────────────────────────────────────────────────────
    TwinMember(
        "tw-am-01",
        "Sinterlab S.r.l.",
        "company",
        "small",
        "Lumezzane",
        ("AFIL", "LAC"),
        (_AM,),
        (
            (
                "service",
                "Produciamo per conto terzi componenti metallici con la fusione laser a letto di polvere in Inconel 718, Ti6Al4V e AlSi10Mg, con trattamenti termici, pressatura isostatica a caldo e finitura dei canali interni.",
                "We manufacture metal components for third parties by laser powder bed fusion in Inconel 718, Ti6Al4V and AlSi10Mg, with heat treatment, hot isostatic pressing and finishing of internal channels.",
            ),
            (
                "skill",
                "Riprogettiamo i pezzi per la manifattura additiva con l'ottimizzazione topologica e le strutture reticolari, riducendo il peso di staffe e collettori fino al 40%.",
                "We redesign parts for additive manufacturing with topology optimisation and lattice structures, cutting the weight of brackets and manifolds by up to 40%.",
            ),
            (
                "project",
                "Con un cliente aeronautico abbiamo qualificato la stampa di scambiatori di calore a canali conformati, documentando la ripetibilità delle proprietà meccaniche tra lotti di polvere diversi.",
                "With an aerospace customer we qualified the printing of heat exchangers with conformal channels, documenting the repeatability of mechanical properties across different powder batches.",
            ),
        ),
    ),
    TwinMember(
        "tw-am-02",
        "Mecfluid Automazione S.p.A.",
        "company",
        "medium",
        "Seriate",
        ("AFIL",),
        (_AM, _CI),
        (
            (
                "product",
                "Il nostro gateway industriale si collega ai controlli numerici di macchine utensili anche di vent'anni fa e ne pubblica i dati via OPC UA e MQTT verso il sistema di gestione della produzione.",
                "Our industrial gateway connects to the numerical controls of machine tools up to twenty years old and publishes their data via OPC UA and MQTT to the manufacturing execution system.",
            ),
            (
                "service",
                "Monitoriamo lo stato delle viti a ricircolo di sfere e degli elettromandrini analizzando la corrente assorbita dai motori, senza installare sensori aggiuntivi.",
                "We monitor the condition of ball screws and motor spindles by analysing the current drawn by the motors, without installing additional sensors.",
            ),
            (
                "project",
                "Abbiamo digitalizzato i due reparti di tornitura di una PMI bresciana, con cruscotti OEE e avvisi di fermo macchina sullo smartphone dei capireparto.",
                "We digitalised the two turning departments of an SME in the Brescia area, with OEE dashboards and machine stoppage alerts on the shift supervisors' smartphones.",
            ),
        ),
    ),
    TwinMember(
        "tw-am-03",
        "Visiotec S.r.l.",
        "company",
        "micro",
        "Monza",
        ("AFIL",),
        (_AM,),
        (
            (
                "product",
                "Sviluppiamo sistemi di profilometria 3D a triangolazione laser che misurano in linea la geometria dei cordoni di saldatura e delle guarnizioni dosate, con una precisione di pochi centesimi di millimetro.",
                "We develop laser triangulation 3D profilometry systems that measure the geometry of weld seams and dispensed gaskets in line, with an accuracy of a few hundredths of a millimetre.",
            ),
            (
                "skill",
                "Addestriamo modelli di rilevamento delle anomalie che imparano dai soli pezzi conformi, utili quando i difetti sono rari e gli esempi di scarto scarseggiano.",
                "We train anomaly detection models that learn from good parts only, which is useful when defects are rare and examples of rejects are scarce.",
            ),
            (
                "project",
                "Per un'azienda alimentare abbiamo installato telecamere a colori e illuminazione strutturata che scartano le confezioni con etichette storte o sigillature incomplete, a 300 pezzi al minuto.",
                "For a food company we installed colour cameras and structured lighting that reject packs with crooked labels or incomplete seals, at 300 pieces per minute.",
            ),
        ),
    ),
    TwinMember(
        "tw-am-04",
        "CNR - Istituto di Sistemi e Tecnologie Industriali Intelligenti per il Manifatturiero Avanzato (STIIMA)",
        "research_centre",
        None,
        "Milano",
        ("AFIL", "CLM"),
        (_AM,),
        (
            (
                "publication",
                "Studiamo la collaborazione uomo-robot nelle linee di assemblaggio: pianificazione dei compiti condivisi, valutazione del rischio secondo la ISO/TS 15066 e misura del carico cognitivo dell'operatore.",
                "We study human-robot collaboration on assembly lines: planning of shared tasks, risk assessment according to ISO/TS 15066 and measurement of the operator's cognitive workload.",
            ),
            (
                "project",
                "Realizziamo gemelli digitali delle linee produttive con la simulazione a eventi discreti, per valutare la riconfigurazione di un reparto prima di spostare le macchine.",
                "We build digital twins of production lines with discrete-event simulation, to assess the reconfiguration of a department before any machine is moved.",
            ),
            (
                "skill",
                "Progettiamo celle di assemblaggio riconfigurabili con pinze a cambio rapido e programmazione del robot senza scrivere codice.",
                "We design reconfigurable assembly cells with quick-change grippers and robot programming without writing code.",
            ),
        ),
    ),
    TwinMember(
        "tw-am-05",
        "Aerocompositi Lombardi S.p.A.",
        "company",
        "large",
        "Samarate",
        ("LAC", "AFIL"),
        (_AM,),
        (
            (
                "product",
                "Produciamo aerostrutture in composito a fibra di carbonio, come pannelli di fusoliera e bordi d'attacco, con la deposizione automatica delle fibre e la cura in autoclave.",
                "We produce carbon fibre composite aerostructures, such as fuselage panels and leading edges, with automated fibre placement and autoclave curing.",
            ),
            (
                "project",
                "Stiamo sviluppando la formatura fuori autoclave di laminati a matrice termoplastica e la saldatura a induzione dei giunti, per ridurre i consumi di energia e i tempi ciclo.",
                "We are developing out-of-autoclave forming of thermoplastic-matrix laminates and induction welding of joints, to reduce energy consumption and cycle times.",
            ),
            (
                "service",
                "Eseguiamo controlli non distruttivi con ultrasuoni phased array e termografia attiva per individuare delaminazioni e porosità nei laminati.",
                "We perform non-destructive testing with phased array ultrasound and active thermography to detect delaminations and porosity in laminates.",
            ),
        ),
    ),
    TwinMember(
        "tw-am-06",
        "Università degli Studi di Brescia",
        "university",
        None,
        "Brescia",
        ("AFIL", "CLM"),
        (_AM, _SU),
        (
            (
                "publication",
                "Il gruppo di metallurgia studia la pressocolata di leghe di alluminio ottenute da rottame riciclato, correlando il tenore di ferro e la formazione di intermetallici con la resistenza a fatica dei getti.",
                "The metallurgy group studies high-pressure die casting of aluminium alloys obtained from recycled scrap, correlating iron content and the formation of intermetallics with the fatigue strength of the castings.",
            ),
            (
                "project",
                "Abbiamo coordinato un progetto con le fonderie lombarde sui getti strutturali di grandi dimensioni per le scocche dei veicoli elettrici.",
                "We coordinated a project with Lombard foundries on large structural castings for the bodies of electric vehicles.",
            ),
            (
                "service",
                "Il laboratorio offre analisi metallografiche, microscopia elettronica a scansione e prove di trazione e di fatica su provini ricavati dai getti.",
                "The laboratory offers metallographic analysis, scanning electron microscopy and tensile and fatigue tests on specimens taken from castings.",
            ),
        ),
    ),
    # ── nutrition ──────────────────────────────────────────────────────────────────────────────────
    TwinMember(
        "tw-nu-01",
        "Caseificio Alpe Orobica S.r.l.",
        "company",
        "small",
        "Branzi",
        ("CAT.AL",),
        (_NU,),
        (
            (
                "product",
                "Produciamo formaggi a pasta molle e semidura con latte di montagna, tra cui una linea senza lattosio ottenuta aggiungendo la lattasi prima della coagulazione.",
                "We produce soft and semi-hard cheeses from mountain milk, including a lactose-free line obtained by adding lactase before coagulation.",
            ),
            (
                "project",
                "Abbiamo isolato ceppi autoctoni di batteri lattici dai nostri alpeggi e li usiamo come colture starter per dare ai formaggi un profilo aromatico riconoscibile.",
                "We isolated native strains of lactic acid bacteria from our mountain pastures and use them as starter cultures to give the cheeses a recognisable aroma profile.",
            ),
            (
                "skill",
                "Sperimentiamo la riduzione del sale nei formaggi stagionati, sostituendo in salamoia parte del cloruro di sodio con cloruro di potassio.",
                "We are experimenting with reducing the salt in aged cheeses by replacing part of the sodium chloride with potassium chloride in the brine.",
            ),
        ),
    ),
    TwinMember(
        "tw-nu-02",
        "Riseria Lomellina Innovazione S.r.l.",
        "company",
        "micro",
        "Mortara",
        ("CAT.AL",),
        (_NU,),
        (
            (
                "product",
                "Produciamo farine di riso integrale e paste senza glutine trafilate al bronzo, adatte alle persone celiache.",
                "We produce wholegrain rice flours and bronze-die gluten-free pasta, suitable for people with coeliac disease.",
            ),
            (
                "project",
                "Stiamo mettendo a punto un processo di parboilizzazione a bassa temperatura che abbassa l'indice glicemico del riso e mantiene i chicchi integri in cottura.",
                "We are fine-tuning a low-temperature parboiling process that lowers the glycaemic index of rice and keeps the grains intact during cooking.",
            ),
            (
                "skill",
                "Estraiamo l'olio dalla crusca di riso per uso alimentare e cosmetico, stabilizzando la crusca subito dopo la sbiancatura per bloccarne l'irrancidimento.",
                "We extract oil from rice bran for food and cosmetic use, stabilising the bran right after milling to stop it from going rancid.",
            ),
        ),
    ),
    TwinMember(
        "tw-nu-03",
        "Università Cattolica del Sacro Cuore",
        "university",
        None,
        "Cremona",
        ("CAT.AL",),
        (_NU, _SU),
        (
            (
                "publication",
                "Sviluppiamo modelli previsionali che, a partire dai dati meteorologici e dalla fenologia della coltura, stimano il rischio di contaminazione da aflatossine e fumonisine nel mais prima della raccolta.",
                "We develop forecasting models that, starting from weather data and crop phenology, estimate the risk of aflatoxin and fumonisin contamination in maize before harvest.",
            ),
            (
                "service",
                "Il laboratorio analizza le micotossine in cereali e mangimi con la cromatografia liquida accoppiata alla spettrometria di massa.",
                "The laboratory analyses mycotoxins in cereals and feed with liquid chromatography coupled to mass spectrometry.",
            ),
            (
                "project",
                "Partecipiamo a progetti sulla sostenibilità delle filiere lattiero-casearie e calcoliamo l'impronta di carbonio del Grana Padano dalla stalla al caseificio.",
                "We take part in projects on the sustainability of dairy supply chains and calculate the carbon footprint of Grana Padano from the barn to the dairy.",
            ),
        ),
    ),
    TwinMember(
        "tw-nu-04",
        "Agrisense Padana S.r.l.",
        "company",
        "small",
        "Lodi",
        ("CAT.AL", "SCC"),
        (_NU, _CI),
        (
            (
                "service",
                "Con droni dotati di camere multispettrali rileviamo lo stato nutrizionale di frumento e mais e produciamo le mappe di prescrizione per la concimazione azotata a rateo variabile.",
                "Using drones equipped with multispectral cameras, we survey the nutritional status of wheat and maize and produce prescription maps for variable-rate nitrogen fertilisation.",
            ),
            (
                "product",
                "La nostra piattaforma web combina gli indici di vegetazione da satellite con le mappe di resa delle mietitrebbie per suddividere i campi in zone omogenee.",
                "Our web platform combines vegetation indices from satellites with combine harvester yield maps to divide fields into homogeneous zones.",
            ),
        ),
    ),
    TwinMember(
        "tw-nu-05",
        "Imballaggi Bassa Padana S.p.A.",
        "company",
        "medium",
        "Casalmaggiore",
        ("CAT.AL", "LGCA"),
        (_NU, _SU),
        (
            (
                "product",
                "Produciamo film multistrato monomateriale in polipropilene con un sottile strato barriera in EVOH, riciclabili e adatti alle vaschette di piatti pronti e di salumi affettati.",
                "We produce mono-material multilayer polypropylene films with a thin EVOH barrier layer, recyclable and suitable for trays of ready meals and sliced cured meats.",
            ),
            (
                "service",
                "Confezioniamo in atmosfera protettiva e verifichiamo la durata commerciale dei prodotti con prove di conservazione accelerate.",
                "We package under protective atmosphere and check the shelf life of products with accelerated storage tests.",
            ),
            (
                "project",
                "Stiamo sostituendo le vaschette in polistirene espanso con vaschette termoformate in PET riciclato idoneo al contatto con gli alimenti.",
                "We are replacing expanded polystyrene trays with thermoformed trays made of recycled PET suitable for food contact.",
            ),
        ),
    ),
    TwinMember(
        "tw-nu-06",
        "Fondazione Parco Tecnologico Padano",
        "research_centre",
        None,
        "Lodi",
        ("CAT.AL", "LLSC"),
        (_NU, _HL),
        (
            (
                "publication",
                "Applichiamo la selezione genomica ai bovini da latte per migliorare la resistenza alla mastite e la longevità delle vacche.",
                "We apply genomic selection to dairy cattle to improve the cows' resistance to mastitis and their longevity.",
            ),
            (
                "project",
                "Studiamo il microbioma intestinale dei suinetti allo svezzamento e l'uso di probiotici e fibre alimentari per ridurre il ricorso agli antibiotici in allevamento.",
                "We study the gut microbiome of piglets at weaning and the use of probiotics and dietary fibre to reduce the use of antibiotics on farms.",
            ),
            (
                "service",
                "Offriamo genotipizzazione e sequenziamento per la tracciabilità di razza dei prodotti di origine animale.",
                "We offer genotyping and sequencing for the breed traceability of products of animal origin.",
            ),
        ),
    ),
    # ── health and life sciences ───────────────────────────────────────────────────────────────────
    TwinMember(
        "tw-hl-01",
        "Genomica Insubre S.r.l.",
        "company",
        "small",
        "Varese",
        ("LLSC",),
        (_HL,),
        (
            (
                "product",
                "Sviluppiamo pannelli di sequenziamento di nuova generazione per la biopsia liquida, che rilevano il DNA tumorale circolante nel plasma dei pazienti con carcinoma del colon-retto.",
                "We develop next-generation sequencing panels for liquid biopsy that detect circulating tumour DNA in the plasma of patients with colorectal cancer.",
            ),
            (
                "service",
                "La nostra pipeline bioinformatica per la chiamata delle varianti è validata secondo il regolamento IVDR ed è installabile nei laboratori ospedalieri.",
                "Our bioinformatics pipeline for variant calling is validated under the IVDR regulation and can be installed in hospital laboratories.",
            ),
            (
                "project",
                "Con due oncologie lombarde misuriamo la malattia minima residua dopo la chirurgia, per decidere quali pazienti debbano ricevere la chemioterapia adiuvante.",
                "With two Lombard oncology units we measure minimal residual disease after surgery, to decide which patients should receive adjuvant chemotherapy.",
            ),
        ),
    ),
    TwinMember(
        "tw-hl-02",
        "Cardiomed Devices S.p.A.",
        "company",
        "medium",
        "Bollate",
        ("LLSC", "AFIL"),
        (_HL, _AM),
        (
            (
                "product",
                "Produciamo stent periferici autoespandibili in nitinol, tagliati da tubo con il laser a femtosecondi ed elettrolucidati.",
                "We manufacture self-expanding peripheral stents in nitinol, cut from tube with a femtosecond laser and electropolished.",
            ),
            (
                "service",
                "Il nostro laboratorio esegue prove di fatica pulsatile fino a 400 milioni di cicli e valutazioni di biocompatibilità secondo la ISO 10993.",
                "Our laboratory performs pulsatile fatigue tests up to 400 million cycles and biocompatibility assessments according to ISO 10993.",
            ),
            (
                "skill",
                "Gestiamo la documentazione tecnica e la sorveglianza post-commercializzazione dei dispositivi di classe III secondo il regolamento MDR.",
                "We manage the technical documentation and post-market surveillance of class III devices under the MDR regulation.",
            ),
        ),
    ),
    TwinMember(
        "tw-hl-03",
        "Istituto di Ricerche Farmacologiche Mario Negri IRCCS",
        "research_centre",
        None,
        "Milano",
        ("LLSC",),
        (_HL,),
        (
            (
                "publication",
                "Conduciamo studi di farmacocinetica e farmacodinamica e sviluppiamo modelli di popolazione per definire le dosi nei bambini e negli anziani.",
                "We carry out pharmacokinetic and pharmacodynamic studies and develop population models to define doses for children and older people.",
            ),
            (
                "project",
                "Coordiniamo sperimentazioni cliniche randomizzate indipendenti, dalla stesura del protocollo al monitoraggio dei centri e all'analisi statistica.",
                "We coordinate independent randomised clinical trials, from protocol writing to site monitoring and statistical analysis.",
            ),
            (
                "skill",
                "Disponiamo di modelli preclinici di malattia renale cronica e di nefropatie rare su cui sperimentare nuovi farmaci.",
                "We have preclinical models of chronic kidney disease and rare nephropathies on which to test new drugs.",
            ),
        ),
    ),
    TwinMember(
        "tw-hl-04",
        "Università degli Studi di Milano-Bicocca",
        "university",
        None,
        "Milano",
        ("LLSC", "LGCA"),
        (_HL,),
        (
            (
                "publication",
                "Formuliamo idrogel di gelatina metacrilata e acido ialuronico per la biostampa di costrutti cartilaginei caricati con cellule staminali mesenchimali.",
                "We formulate gelatin methacrylate and hyaluronic acid hydrogels for the bioprinting of cartilage constructs loaded with mesenchymal stem cells.",
            ),
            (
                "project",
                "Coltiviamo organoidi di fegato derivati dai pazienti per lo screening di farmaci contro la steatosi epatica.",
                "We grow patient-derived liver organoids for the screening of drugs against fatty liver disease.",
            ),
            (
                "service",
                "Mettiamo a disposizione di aziende e gruppi di ricerca una piattaforma di microscopia confocale e di citometria a flusso.",
                "We make a confocal microscopy and flow cytometry facility available to companies and research groups.",
            ),
        ),
    ),
    TwinMember(
        "tw-hl-05",
        "Telecura S.r.l.",
        "company",
        "micro",
        "Pavia",
        ("LLSC", "CTAV"),
        (_HL, _SD),
        (
            (
                "product",
                "La nostra piattaforma di telemonitoraggio raccoglie a domicilio peso, pressione e saturazione dei pazienti con scompenso cardiaco e avvisa l'infermiere quando i valori peggiorano.",
                "Our telemonitoring platform collects the weight, blood pressure and oxygen saturation of heart failure patients at home and alerts the nurse when the values worsen.",
            ),
            (
                "skill",
                "Il software è certificato come dispositivo medico di classe IIa e si integra con il fascicolo sanitario elettronico regionale.",
                "The software is certified as a class IIa medical device and integrates with the regional electronic health record.",
            ),
        ),
    ),
    TwinMember(
        "tw-hl-06",
        "BioFerm Lodigiana S.p.A.",
        "company",
        "large",
        "Lodi",
        ("LLSC", "LGCA"),
        (_HL,),
        (
            (
                "service",
                "Sviluppiamo e produciamo per conto terzi proteine ricombinanti ed enzimi espressi in Escherichia coli e Pichia pastoris, dalla messa a punto del ceppo fino ai lotti GMP.",
                "We develop and manufacture recombinant proteins and enzymes expressed in Escherichia coli and Pichia pastoris for third parties, from strain development up to GMP batches.",
            ),
            (
                "skill",
                "Portiamo le fermentazioni in scala fino a bioreattori da 5.000 litri e purifichiamo le proteine con cromatografia a scambio ionico e di affinità.",
                "We scale up fermentations to 5,000-litre bioreactors and purify proteins with ion-exchange and affinity chromatography.",
            ),
            (
                "project",
                "Abbiamo trasferito in produzione il processo di un frammento anticorpale destinato a uno studio clinico di fase II.",
                "We transferred the process of an antibody fragment intended for a phase II clinical study into manufacturing.",
            ),
        ),
    ),
    # ── culture and knowledge ──────────────────────────────────────────────────────────────────────
    TwinMember(
        "tw-ck-01",
        "Archeoscan S.r.l.",
        "company",
        "micro",
        "Mantova",
        ("SCC", "CTAV"),
        (_CK, _SM),
        (
            (
                "service",
                "Digitalizziamo i beni culturali con la fotogrammetria e la scansione laser, restituendo modelli 3D metricamente accurati di statue, affreschi e reperti.",
                "We digitise cultural heritage with photogrammetry and laser scanning, delivering metrically accurate 3D models of statues, frescoes and archaeological finds.",
            ),
            (
                "project",
                "Abbiamo realizzato il modello HBIM di una chiesa romanica per pianificarne il restauro e il monitoraggio delle fessure.",
                "We created the HBIM model of a Romanesque church to plan its restoration and the monitoring of its cracks.",
            ),
            (
                "product",
                "Pubblichiamo i modelli in visualizzatori web leggeri, che i visitatori possono consultare dal tablet durante la visita.",
                "We publish the models in lightweight web viewers, which visitors can browse on a tablet during their visit.",
            ),
        ),
    ),
    TwinMember(
        "tw-ck-02",
        "Politecnico di Milano - Dipartimento di Design",
        "university",
        None,
        "Milano",
        ("CTAV", "SCC"),
        (_CK, _SD),
        (
            (
                "publication",
                "Ci occupiamo di design dei servizi e di progettazione partecipata con gli utenti, i curatori e gli operatori dei musei.",
                "We work on service design and participatory design with users, curators and museum staff.",
            ),
            (
                "project",
                "Progettiamo allestimenti immersivi e applicazioni di realtà aumentata che raccontano le collezioni dei musei con contenuti sonori e interattivi.",
                "We design immersive exhibitions and augmented reality applications that tell the story of museum collections with audio and interactive content.",
            ),
            (
                "skill",
                "Valutiamo l'esperienza dei visitatori con l'osservazione etnografica, le interviste e l'analisi dei percorsi nelle sale.",
                "We evaluate the visitor experience through ethnographic observation, interviews and the analysis of routes through the rooms.",
            ),
            (
                "service",
                "Il nostro laboratorio di design per tutti conduce test di usabilità di prodotti e arredi con persone anziane e con disabilità.",
                "Our design-for-all lab runs usability tests of products and furniture with older people and people with disabilities.",
            ),
        ),
    ),
    TwinMember(
        "tw-ck-03",
        "Edulab Digitale S.r.l.",
        "company",
        "small",
        "Milano",
        ("SCC",),
        (_CK, _SD),
        (
            (
                "product",
                "La nostra piattaforma di apprendimento adattivo propone a ogni studente esercizi calibrati sulle sue lacune e rilascia micro-credenziali verificabili.",
                "Our adaptive learning platform offers each learner exercises tailored to their gaps and issues verifiable micro-credentials.",
            ),
            (
                "project",
                "Abbiamo formato sulle competenze digitali oltre mille operai e tecnici di aziende metalmeccaniche, con corsi brevi da seguire sullo smartphone tra un turno e l'altro.",
                "We trained more than a thousand workers and technicians of metalworking companies in digital skills, with short courses to follow on a smartphone between shifts.",
            ),
            (
                "skill",
                "Analizziamo i dati di apprendimento raccolti in formato xAPI per individuare per tempo chi rischia di abbandonare un corso.",
                "We analyse learning data collected in the xAPI format to identify early on who is at risk of dropping out of a course.",
            ),
        ),
    ),
    TwinMember(
        "tw-ck-04",
        "Seterie Comasche S.p.A.",
        "company",
        "medium",
        "Como",
        ("CTAV", "LGCA"),
        (_CK, _SU),
        (
            (
                "product",
                "Stampiamo tessuti di seta per l'alta moda con la stampa digitale a getto d'inchiostro e coloranti reattivi, realizzando anche pezze singole per le collezioni campione.",
                "We print silk fabrics for haute couture with digital inkjet printing and reactive dyes, producing even single pieces for sample collections.",
            ),
            (
                "project",
                "Il nostro archivio storico conserva oltre trentamila disegni tessili dal 1920 a oggi, che stiamo catalogando per renderli consultabili dagli stilisti.",
                "Our historical archive holds over thirty thousand textile designs from 1920 to today, which we are cataloguing so that fashion designers can consult them.",
            ),
            (
                "skill",
                "Abbiamo ridotto del 30% il consumo di acqua della tintoria ottimizzando i lavaggi dopo il fissaggio del colore.",
                "We cut the water consumption of the dyehouse by 30% by optimising the washes after colour fixing.",
            ),
        ),
    ),
    TwinMember(
        "tw-ck-05",
        "Università degli Studi di Pavia",
        "university",
        None,
        "Pavia",
        ("CTAV",),
        (_CK,),
        (
            (
                "publication",
                "Identifichiamo pigmenti e leganti di dipinti e manoscritti miniati con tecniche non invasive come la fluorescenza a raggi X e la spettroscopia Raman.",
                "We identify the pigments and binders of paintings and illuminated manuscripts with non-invasive techniques such as X-ray fluorescence and Raman spectroscopy.",
            ),
            (
                "project",
                "Studiamo il degrado dei materiali lapidei dei monumenti esposti all'inquinamento urbano e valutiamo consolidanti compatibili con la pietra originale.",
                "We study the decay of the stone materials of monuments exposed to urban pollution and evaluate consolidants compatible with the original stone.",
            ),
            (
                "service",
                "Offriamo a musei e restauratori campagne di diagnostica in situ con strumentazione portatile.",
                "We offer museums and restorers on-site diagnostic campaigns with portable instruments.",
            ),
        ),
    ),
    TwinMember(
        "tw-ck-06",
        "Comune di Cremona",
        "public_body",
        None,
        "Cremona",
        ("SCC", "CTAV"),
        (_CK,),
        (
            (
                "project",
                "Il Comune promuove la tutela della liuteria cremonese, patrimonio immateriale dell'UNESCO, e sostiene le botteghe nella formazione dei giovani liutai.",
                "The Municipality promotes the protection of Cremonese violin making, part of UNESCO's intangible heritage, and supports workshops in training young violin makers.",
            ),
            (
                "project",
                "Con il museo civico abbiamo avviato un archivio digitale degli strumenti storici, con misure acustiche e radiografie delle casse armoniche.",
                "With the civic museum we have started a digital archive of the historic instruments, with acoustic measurements and X-rays of their sound boxes.",
            ),
            (
                "service",
                "Organizziamo un calendario di concerti e visite guidate che ogni anno porta in città decine di migliaia di turisti.",
                "We organise a programme of concerts and guided tours that brings tens of thousands of tourists to the city every year.",
            ),
        ),
    ),
    # ── connectivity and information ───────────────────────────────────────────────────────────────
    TwinMember(
        "tw-ci-01",
        "Datapulse S.r.l.",
        "company",
        "small",
        "Lecco",
        ("SCC",),
        (_CI,),
        (
            (
                "product",
                "Progettiamo nodi sensore a batteria con microcontrollori a basso consumo che eseguono piccole reti neurali per riconoscere anomalie nel funzionamento di pompe, ventilatori e impianti di climatizzazione degli edifici.",
                "We design battery-powered sensor nodes with low-power microcontrollers that run small neural networks to recognise anomalies in the operation of pumps, fans and air-conditioning systems in buildings.",
            ),
            (
                "service",
                "Installiamo reti LoRaWAN private per campus, aziende agricole e condomini, con l'aggiornamento del firmware da remoto.",
                "We install private LoRaWAN networks for campuses, farms and apartment buildings, with remote firmware updates.",
            ),
            (
                "skill",
                "Comprimiamo le reti neurali con la quantizzazione a 8 bit e la potatura dei pesi, finché non stanno in poche centinaia di kilobyte di memoria.",
                "We compress neural networks with 8-bit quantisation and weight pruning until they fit in a few hundred kilobytes of memory.",
            ),
        ),
    ),
    TwinMember(
        "tw-ci-02",
        "Cybershield Lombardia S.p.A.",
        "company",
        "medium",
        "Milano",
        ("SCC", "AFIL"),
        (_CI, _AM),
        (
            (
                "service",
                "Valutiamo la sicurezza informatica degli impianti industriali secondo la norma IEC 62443 e progettiamo la segmentazione delle reti di fabbrica in zone e condotti.",
                "We assess the cyber security of industrial plants according to the IEC 62443 standard and design the segmentation of factory networks into zones and conduits.",
            ),
            (
                "product",
                "Il nostro sistema di rilevamento delle intrusioni apprende il traffico normale dei protocolli Modbus e Profinet e segnala i comandi anomali inviati ai controllori.",
                "Our intrusion detection system learns the normal traffic of the Modbus and Profinet protocols and flags anomalous commands sent to the controllers.",
            ),
            (
                "skill",
                "Eseguiamo test di penetrazione su PLC, gateway e dispositivi IoT prima della loro immissione sul mercato, anche in vista del Cyber Resilience Act.",
                "We carry out penetration tests on PLCs, gateways and IoT devices before they are placed on the market, also in view of the Cyber Resilience Act.",
            ),
        ),
    ),
    TwinMember(
        "tw-ci-03",
        "Università degli Studi di Milano - Dipartimento di Informatica",
        "university",
        None,
        "Milano",
        ("SCC",),
        (_CI, _CK),
        (
            (
                "publication",
                "Sviluppiamo modelli linguistici per l'italiano specializzati su testi giuridici e amministrativi, con la generazione aumentata dal recupero di documenti.",
                "We develop language models for Italian specialised in legal and administrative texts, with retrieval-augmented generation.",
            ),
            (
                "project",
                "Abbiamo realizzato un assistente conversazionale che risponde alle domande dei cittadini sui regolamenti comunali citando gli articoli pertinenti.",
                "We built a conversational assistant that answers citizens' questions about municipal regulations, citing the relevant articles.",
            ),
            (
                "skill",
                "Addestriamo i modelli con l'apprendimento federato, in modo che i dati sensibili restino presso le organizzazioni che li possiedono.",
                "We train models with federated learning, so that sensitive data stay with the organisations that own them.",
            ),
            (
                "publication",
                "Lavoriamo sul riconoscimento del parlato in italiano, anche per le voci delle persone anziane e con forti inflessioni dialettali.",
                "We work on speech recognition for Italian, including the voices of older people and strong dialect accents.",
            ),
        ),
    ),
    TwinMember(
        "tw-ci-04",
        "CNR - Istituto per il Rilevamento Elettromagnetico dell'Ambiente (IREA)",
        "research_centre",
        None,
        "Milano",
        ("SCC", "LAC"),
        (_CI, _SM),
        (
            (
                "publication",
                "Elaboriamo serie temporali di immagini radar satellitari con l'interferometria differenziale per misurare con precisione millimetrica gli abbassamenti del suolo e le deformazioni di edifici e infrastrutture.",
                "We process time series of satellite radar images with differential interferometry to measure ground subsidence and the deformation of buildings and infrastructure with millimetre precision.",
            ),
            (
                "project",
                "Abbiamo mappato le frane attive delle valli alpine lombarde combinando i dati di Sentinel-1 con rilievi GNSS.",
                "We mapped the active landslides of the Lombard Alpine valleys by combining Sentinel-1 data with GNSS surveys.",
            ),
            (
                "skill",
                "Stimiamo l'umidità del suolo e lo stato delle colture da dati radar e ottici per il monitoraggio agricolo.",
                "We estimate soil moisture and crop condition from radar and optical data for agricultural monitoring.",
            ),
        ),
    ),
    TwinMember(
        "tw-ci-05",
        "Orbitalia Space S.r.l.",
        "company",
        "small",
        "Busto Arsizio",
        ("LAC",),
        (_CI, _AM),
        (
            (
                "product",
                "Progettiamo computer di bordo e radio definite via software per CubeSat, con componenti commerciali selezionati e schermati contro le radiazioni.",
                "We design onboard computers and software-defined radios for CubeSats, with commercial components that are screened and shielded against radiation.",
            ),
            (
                "service",
                "Offriamo connettività IoT tramite satelliti in orbita bassa per sensori installati dove la rete cellulare non arriva, come alpeggi, dighe e condotte.",
                "We offer IoT connectivity through low Earth orbit satellites for sensors installed where the mobile network does not reach, such as mountain pastures, dams and pipelines.",
            ),
            (
                "project",
                "Abbiamo integrato e collaudato il carico utile di comunicazione di una missione dimostrativa lanciata nel 2025.",
                "We integrated and tested the communication payload of a demonstration mission launched in 2025.",
            ),
        ),
    ),
    TwinMember(
        "tw-ci-06",
        "Retelink Industria S.p.A.",
        "company",
        "large",
        "Milano",
        ("SCC", "AFIL"),
        (_CI,),
        (
            (
                "service",
                "Progettiamo e gestiamo reti 5G private per stabilimenti, porti e ospedali, con frequenze dedicate e il nucleo di rete installato presso il cliente.",
                "We design and operate private 5G networks for factories, ports and hospitals, with dedicated frequencies and the network core installed at the customer's site.",
            ),
            (
                "project",
                "In un'acciaieria del Bresciano abbiamo collegato in 5G carriponte e gru telecomandati, con una latenza inferiore a dieci millisecondi.",
                "In a steelworks near Brescia we connected remote-controlled overhead and mobile cranes over 5G, with a latency below ten milliseconds.",
            ),
            (
                "skill",
                "Configuriamo il network slicing per separare il traffico critico dei macchinari da quello dei servizi aziendali.",
                "We configure network slicing to separate the critical traffic of machinery from that of business services.",
            ),
        ),
    ),
    # ── smart mobility and architecture ────────────────────────────────────────────────────────────
    TwinMember(
        "tw-sm-01",
        "Voltaria S.r.l.",
        "company",
        "small",
        "Brescia",
        ("CLM", "LE2C"),
        (_SM, _SU),
        (
            (
                "product",
                "Produciamo colonnine di ricarica rapida in corrente continua da 50 a 150 kW per parcheggi pubblici e aree di servizio.",
                "We manufacture direct current fast charging stations from 50 to 150 kW for public car parks and service areas.",
            ),
            (
                "product",
                "Il nostro software di gestione delle ricariche, conforme al protocollo OCPP 2.0.1, modula la potenza in base ai limiti del contatore e alle fasce orarie delle tariffe.",
                "Our charging management software, compliant with the OCPP 2.0.1 protocol, adjusts the power to the meter limits and the time bands of the tariffs.",
            ),
            (
                "project",
                "Partecipiamo a una sperimentazione vehicle-to-grid in cui le auto aziendali restituiscono energia alla rete nelle ore di punta.",
                "We are taking part in a vehicle-to-grid trial in which company cars feed energy back to the grid at peak times.",
            ),
        ),
    ),
    TwinMember(
        "tw-sm-02",
        "Trazione Brianza S.p.A.",
        "company",
        "medium",
        "Vimercate",
        ("CLM", "AFIL"),
        (_SM, _AM),
        (
            (
                "product",
                "Progettiamo e produciamo motori elettrici a flusso assiale con magneti permanenti per scooter, quadricicli e macchine agricole leggere.",
                "We design and manufacture axial flux permanent magnet electric motors for scooters, quadricycles and light agricultural machinery.",
            ),
            (
                "project",
                "Stiamo sviluppando un motore sincrono a riluttanza assistita che dimezza il contenuto di terre rare grazie a magneti in ferrite.",
                "We are developing a permanent-magnet-assisted synchronous reluctance motor that halves the rare earth content thanks to ferrite magnets.",
            ),
            (
                "skill",
                "Abbiamo automatizzato l'avvolgimento degli statori a forcina (hairpin) e la saldatura laser delle testate.",
                "We have automated hairpin winding of stators and the laser welding of the end windings.",
            ),
        ),
    ),
    TwinMember(
        "tw-sm-03",
        "Università degli Studi di Bergamo",
        "university",
        None,
        "Dalmine",
        ("CLM", "SCC"),
        (_SM,),
        (
            (
                "publication",
                "Modelliamo la domanda di mobilità con simulazioni ad agenti per progettare servizi di trasporto pubblico a chiamata nelle aree a bassa densità.",
                "We model mobility demand with agent-based simulations to design demand-responsive public transport services in low-density areas.",
            ),
            (
                "project",
                "Abbiamo sviluppato l'algoritmo che assegna le corse ai mezzi di un servizio di minibus su prenotazione nelle valli bergamasche.",
                "We developed the algorithm that assigns rides to the vehicles of a booking-based minibus service in the valleys around Bergamo.",
            ),
            (
                "skill",
                "Analizziamo i dati di validazione dei titoli di viaggio per ricostruire le matrici origine-destinazione degli spostamenti.",
                "We analyse ticket validation data to reconstruct the origin-destination matrices of trips.",
            ),
        ),
    ),
    TwinMember(
        "tw-sm-04",
        "Legnotek Costruzioni S.r.l.",
        "company",
        "small",
        "Sondrio",
        ("SCC", "CTAV"),
        (_SM, _SU),
        (
            (
                "product",
                "Costruiamo edifici multipiano con pannelli di legno a strati incrociati (X-LAM) prodotti con abete delle Alpi.",
                "We build multi-storey buildings with cross-laminated timber (CLT) panels made from Alpine spruce.",
            ),
            (
                "service",
                "Prefabbrichiamo moduli di facciata con serramenti, isolante e canalizzazioni già integrati, per riqualificare i condomini con cantieri più brevi.",
                "We prefabricate facade modules with windows, insulation and ducts already built in, to retrofit apartment blocks with shorter building works.",
            ),
            (
                "skill",
                "Progettiamo in BIM l'intero edificio, dal calcolo strutturale alla sequenza di montaggio in cantiere.",
                "We design the whole building in BIM, from the structural calculations to the assembly sequence on site.",
            ),
        ),
    ),
    TwinMember(
        "tw-sm-05",
        "Comune di Bergamo",
        "public_body",
        None,
        "Bergamo",
        ("CLM", "SCC"),
        (_SM,),
        (
            (
                "project",
                "Abbiamo avviato con i corrieri un progetto di consegne dell'ultimo miglio in cargo bike nel centro storico, servito da un microdeposito di quartiere.",
                "Together with couriers we launched a last-mile delivery project using cargo bikes in the historic centre, served by a neighbourhood micro-depot.",
            ),
            (
                "service",
                "Gestiamo la zona a traffico limitato con varchi elettronici e sperimentiamo la prenotazione digitale degli stalli di carico e scarico.",
                "We manage the limited traffic zone with electronic gates and are trialling the digital booking of loading and unloading bays.",
            ),
            (
                "project",
                "Il piano urbano della mobilità sostenibile prevede nuove piste ciclabili e la riorganizzazione delle linee di autobus entro il 2030.",
                "The sustainable urban mobility plan provides for new cycle lanes and the reorganisation of the bus lines by 2030.",
            ),
        ),
    ),
    TwinMember(
        "tw-sm-06",
        "Strutture Monitorate S.r.l.",
        "company",
        "small",
        "Lecco",
        ("SCC",),
        (_SM,),
        (
            (
                "service",
                "Monitoriamo ponti e viadotti con sensori in fibra ottica a reticolo di Bragg e accelerometri, e stimiamo lo stato della struttura dall'analisi modale operativa.",
                "We monitor bridges and viaducts with fibre Bragg grating sensors and accelerometers, and estimate the condition of the structure from operational modal analysis.",
            ),
            (
                "product",
                "La nostra centralina alimentata da un pannello solare trasmette i dati ogni ora e invia un allarme se le deformazioni superano le soglie di progetto.",
                "Our data logger, powered by a solar panel, transmits the data every hour and sends an alarm if the deformations exceed the design thresholds.",
            ),
            (
                "project",
                "Per un gestore stradale abbiamo strumentato dodici cavalcavia provinciali, seguendo le linee guida nazionali sulla classificazione del rischio dei ponti.",
                "For a road operator we instrumented twelve provincial overpasses, following the national guidelines on the risk classification of bridges.",
            ),
        ),
    ),
    # ── sustainability ─────────────────────────────────────────────────────────────────────────────
    TwinMember(
        "tw-su-01",
        "Polimeri Circolari S.r.l.",
        "company",
        "small",
        "Castellanza",
        ("LGCA",),
        (_SU,),
        (
            (
                "project",
                "Trasformiamo i rifiuti plastici misti che non si possono riciclare meccanicamente in olio di pirolisi, che le raffinerie usano come materia prima per nuove plastiche.",
                "We turn mixed plastic waste that cannot be mechanically recycled into pyrolysis oil, which refineries use as a feedstock for new plastics.",
            ),
            (
                "product",
                "Depolimerizziamo per glicolisi il PET colorato e multistrato e ne recuperiamo il monomero BHET purificato.",
                "We depolymerise coloured and multilayer PET by glycolysis and recover its purified BHET monomer.",
            ),
            (
                "skill",
                "Caratterizziamo i flussi di rifiuti con la spettroscopia infrarossa e l'analisi termogravimetrica per prevederne la resa in olio.",
                "We characterise waste streams with infrared spectroscopy and thermogravimetric analysis to predict their oil yield.",
            ),
        ),
    ),
    TwinMember(
        "tw-su-02",
        "Idrotecnica Adda S.p.A.",
        "company",
        "medium",
        "Trezzo sull'Adda",
        ("LE2C",),
        (_SU,),
        (
            (
                "product",
                "Realizziamo impianti di depurazione con bioreattori a membrana per acque reflue urbane e industriali, anche per riutilizzare l'acqua nei processi produttivi.",
                "We build treatment plants with membrane bioreactors for municipal and industrial wastewater, including for reusing the water in production processes.",
            ),
            (
                "project",
                "Abbiamo progettato una linea di recupero del fosforo per precipitazione della struvite, che diventa un fertilizzante a lento rilascio.",
                "We designed a phosphorus recovery line based on struvite precipitation, which becomes a slow-release fertiliser.",
            ),
            (
                "service",
                "Rimuoviamo microinquinanti come PFAS e farmaci con carbone attivo granulare e ozonizzazione, verificando i rendimenti con campagne di analisi.",
                "We remove micropollutants such as PFAS and pharmaceuticals with granular activated carbon and ozonation, checking the removal rates with sampling campaigns.",
            ),
        ),
    ),
    TwinMember(
        "tw-su-03",
        "RSE - Ricerca sul Sistema Energetico",
        "research_centre",
        None,
        "Milano",
        ("LE2C", "CLM"),
        (_SU, _SM),
        (
            (
                "publication",
                "Sviluppiamo modelli di simulazione delle comunità energetiche rinnovabili per dimensionare impianti fotovoltaici e accumuli e stimare l'energia condivisa.",
                "We develop simulation models of renewable energy communities to size photovoltaic systems and storage and to estimate the shared energy.",
            ),
            (
                "project",
                "Testiamo l'invecchiamento di celle e moduli al litio con cicli di carica e scarica realistici, anche per le batterie di veicoli elettrici destinate a una seconda vita.",
                "We test the ageing of lithium cells and modules under realistic charge and discharge cycles, including electric vehicle batteries destined for a second life.",
            ),
            (
                "skill",
                "Studiamo come integrare nella rete di distribuzione la generazione rinnovabile e la ricarica dei veicoli elettrici senza sovraccaricare le cabine secondarie.",
                "We study how to integrate renewable generation and electric vehicle charging into the distribution grid without overloading the secondary substations.",
            ),
        ),
    ),
    TwinMember(
        "tw-su-04",
        "Bioraffineria Lomellina S.r.l.",
        "company",
        "medium",
        "Vigevano",
        ("LGCA", "CAT.AL"),
        (_SU, _NU),
        (
            (
                "project",
                "Convertiamo paglia di riso, stocchi di mais e lolla in zuccheri fermentabili con un pretrattamento a vapore seguito da idrolisi enzimatica.",
                "We convert rice straw, maize stalks and rice husks into fermentable sugars with a steam pretreatment followed by enzymatic hydrolysis.",
            ),
            (
                "product",
                "Dagli zuccheri otteniamo per fermentazione acido succinico di origine biologica, destinato alla produzione di poliesteri e resine.",
                "From the sugars we obtain bio-based succinic acid by fermentation, intended for the production of polyesters and resins.",
            ),
            (
                "service",
                "Offriamo prove in impianto pilota per valutare nuove biomasse di scarto e nuovi ceppi microbici.",
                "We offer pilot plant trials to evaluate new waste biomass and new microbial strains.",
            ),
        ),
    ),
    TwinMember(
        "tw-su-05",
        "CNR - Istituto di Chimica della Materia Condensata e di Tecnologie per l'Energia (ICMATE)",
        "research_centre",
        None,
        "Lecco",
        ("LE2C", "LGCA"),
        (_SU, _AM),
        (
            (
                "publication",
                "Sviluppiamo celle a ossidi solidi per l'elettrolisi del vapore ad alta temperatura, con elettrodi in perovskite più resistenti al degrado.",
                "We develop solid oxide cells for high-temperature steam electrolysis, with perovskite electrodes that are more resistant to degradation.",
            ),
            (
                "service",
                "Misuriamo l'infragilimento da idrogeno degli acciai per tubazioni e serbatoi con prove di trazione a bassa velocità di deformazione in atmosfera di idrogeno.",
                "We measure the hydrogen embrittlement of steels for pipelines and tanks with slow strain rate tensile tests in a hydrogen atmosphere.",
            ),
            (
                "skill",
                "Depositiamo rivestimenti protettivi contro corrosione e usura con la spruzzatura termica e la deposizione fisica da vapore.",
                "We deposit protective coatings against corrosion and wear by thermal spraying and physical vapour deposition.",
            ),
        ),
    ),
    TwinMember(
        "tw-su-06",
        "Termoclima Valtellina S.r.l.",
        "company",
        "micro",
        "Morbegno",
        ("LE2C", "CTAV"),
        (_SU,),
        (
            (
                "product",
                "Costruiamo pompe di calore ad alta temperatura con refrigeranti naturali, propano e anidride carbonica, che producono acqua fino a 120 °C per i processi industriali.",
                "We build high-temperature heat pumps with natural refrigerants, propane and carbon dioxide, that produce water at up to 120 °C for industrial processes.",
            ),
            (
                "service",
                "Recuperiamo il calore di scarto di compressori, forni e impianti frigoriferi per riscaldare gli ambienti o preriscaldare l'acqua di processo.",
                "We recover the waste heat of compressors, ovens and refrigeration systems to heat buildings or preheat process water.",
            ),
            (
                "product",
                "Abbiamo sviluppato una pompa di calore compatta per uso residenziale, installabile in facciata o sul balcone.",
                "We have developed a compact heat pump for residential use, which can be installed on the facade or on the balcony.",
            ),
        ),
    ),
    # ── social development ─────────────────────────────────────────────────────────────────────────
    TwinMember(
        "tw-sd-01",
        "IRCCS Fondazione Don Carlo Gnocchi",
        "research_centre",
        None,
        "Milano",
        ("LLSC", "CTAV"),
        (_SD, _HL),
        (
            (
                "project",
                "Sperimentiamo esoscheletri per l'arto superiore e robot per la riabilitazione del cammino nei pazienti colpiti da ictus.",
                "We trial upper limb exoskeletons and gait rehabilitation robots with patients who have had a stroke.",
            ),
            (
                "service",
                "Offriamo la teleriabilitazione a domicilio, con esercizi guidati da videogiochi e sensori inerziali indossabili.",
                "We offer home telerehabilitation, with exercises guided by video games and wearable inertial sensors.",
            ),
            (
                "skill",
                "Valutiamo ausili e tecnologie assistive per le persone con disabilità e accompagniamo famiglie e terapisti nella scelta.",
                "We assess aids and assistive technologies for people with disabilities and support families and therapists in choosing them.",
            ),
        ),
    ),
    TwinMember(
        "tw-sd-02",
        "Casa Amica Domotica S.r.l.",
        "company",
        "small",
        "Varese",
        ("CTAV",),
        (_SD, _HL),
        (
            (
                "product",
                "Installiamo nelle case degli anziani che vivono soli sensori radar discreti che riconoscono le cadute senza telecamere né dispositivi da indossare.",
                "We install discreet radar sensors in the homes of older people living alone that detect falls without cameras or wearable devices.",
            ),
            (
                "service",
                "La nostra centrale avvisa i familiari e i servizi sociali quando cambiano le abitudini quotidiane, per esempio se la persona non si alza dal letto o non apre il frigorifero.",
                "Our monitoring centre alerts relatives and social services when daily habits change, for example if the person does not get out of bed or does not open the fridge.",
            ),
            (
                "skill",
                "Integriamo luci, tapparelle e termostati in impianti domotici KNX che anche le persone con mobilità ridotta possono comandare.",
                "We integrate lights, roller shutters and thermostats into KNX home automation systems that people with reduced mobility can also control.",
            ),
        ),
    ),
    TwinMember(
        "tw-sd-03",
        "Cooperativa Sociale Il Girasole",
        "other",
        None,
        "Sesto San Giovanni",
        ("CTAV",),
        (_SD,),
        (
            (
                "service",
                "Offriamo percorsi di inserimento lavorativo per persone con disabilità intellettiva o con fragilità psichiche, in collaborazione con le imprese del territorio.",
                "We offer job placement pathways for people with intellectual disabilities or mental health difficulties, in collaboration with local businesses.",
            ),
            (
                "project",
                "Organizziamo laboratori in cui anziani e persone con disabilità provano i prototipi di prodotti e servizi e ne discutono con i progettisti.",
                "We run workshops in which older people and people with disabilities try out prototypes of products and services and discuss them with the designers.",
            ),
            (
                "skill",
                "Teniamo corsi di alfabetizzazione digitale per gli over 65 nelle biblioteche di quartiere.",
                "We hold digital literacy courses for people over 65 in neighbourhood libraries.",
            ),
        ),
    ),
    TwinMember(
        "tw-sd-04",
        "Arredo Inclusivo S.p.A.",
        "company",
        "medium",
        "Lissone",
        ("CTAV",),
        (_SD, _CK),
        (
            (
                "product",
                "Produciamo cucine e bagni regolabili in altezza con comandi elettrici, pensati per chi usa la sedia a rotelle e per le residenze sanitarie assistenziali.",
                "We produce height-adjustable kitchens and bathrooms with electric controls, designed for wheelchair users and for nursing homes.",
            ),
            (
                "skill",
                "Applichiamo ai piani di lavoro finiture antibatteriche agli ioni d'argento e bordi arrotondati che riducono il rischio di urti.",
                "We apply antibacterial silver-ion finishes to worktops, and rounded edges that reduce the risk of bumps.",
            ),
            (
                "project",
                "Con un ospedale pediatrico abbiamo progettato gli arredi delle stanze di degenza, che possono ospitare anche un genitore per la notte.",
                "With a children's hospital we designed the furniture of the inpatient rooms, which can also accommodate a parent overnight.",
            ),
        ),
    ),
    TwinMember(
        "tw-sd-05",
        "Comune di Brescia",
        "public_body",
        None,
        "Brescia",
        ("LE2C", "SCC"),
        (_SD, _SU),
        (
            (
                "project",
                "Stiamo riqualificando dal punto di vista energetico trecento alloggi di edilizia residenziale pubblica, con cappotto termico e sostituzione delle caldaie.",
                "We are carrying out the energy retrofit of three hundred public housing flats, with external wall insulation and boiler replacement.",
            ),
            (
                "project",
                "Promuoviamo una comunità energetica solidale sui tetti delle scuole, i cui benefici economici vanno alle famiglie in povertà energetica.",
                "We are promoting a solidarity energy community on school roofs, whose economic benefits go to families in energy poverty.",
            ),
            (
                "service",
                "Gli sportelli di quartiere aiutano i cittadini ad accedere ai bonus sociali e ai servizi digitali del Comune.",
                "Neighbourhood help desks assist citizens in accessing social bonuses and the Municipality's digital services.",
            ),
        ),
    ),
    TwinMember(
        "tw-sd-06",
        "LIUC - Università Cattaneo",
        "university",
        None,
        "Castellanza",
        ("SCC",),
        (_SD, _HL),
        (
            (
                "publication",
                "Conduciamo valutazioni delle tecnologie sanitarie (HTA) e analisi costo-efficacia di dispositivi medici e percorsi di cura per le aziende sanitarie lombarde.",
                "We carry out health technology assessments (HTA) and cost-effectiveness analyses of medical devices and care pathways for Lombard healthcare trusts.",
            ),
            (
                "skill",
                "Misuriamo l'impatto sociale dei progetti con il metodo del ritorno sociale sull'investimento (SROI).",
                "We measure the social impact of projects with the social return on investment (SROI) method.",
            ),
            (
                "project",
                "Abbiamo riorganizzato i flussi dei pazienti nel pronto soccorso di tre ospedali con modelli di simulazione e tecniche lean.",
                "We reorganised patient flows in the emergency departments of three hospitals with simulation models and lean techniques.",
            ),
        ),
    ),
)


def _need(
    opportunity_id: str,
    published_by: str,
    kind: str,
    ecosystems: tuple[str, ...],
    deadline: dt.date,
    title: Bilingual,
    description: Bilingual,
    relevant: tuple[str, ...],
) -> TwinOpportunity:
    return TwinOpportunity(
        opportunity_id, published_by, kind, ecosystems, deadline, title, description, relevant
    )


def _call(
    opportunity_id: str,
    published_by: str,
    ecosystems: tuple[str, ...],
    deadline: dt.date,
    title: Bilingual,
    intro: Bilingual,
    topics: tuple[tuple[str, str, tuple[str, ...]], ...],
    closing: Bilingual,
) -> TwinOpportunity:
    """A regional call: intro, numbered topics ("Tema 1: …" / "Topic 1: …"), then the rules."""
    it = [intro[0], *(f"Tema {i}: {t[0]}" for i, t in enumerate(topics, 1)), closing[0]]
    en = [intro[1], *(f"Topic {i}: {t[1]}" for i, t in enumerate(topics, 1)), closing[1]]
    relevant = tuple(dict.fromkeys(m for t in topics for m in t[2]))
    return TwinOpportunity(
        opportunity_id,
        published_by,
        "call_for_proposals",
        ecosystems,
        deadline,
        title,
        ("\n".join(it), "\n".join(en)),
        relevant,
        tuple(t[2] for t in topics),
    )


_D = dt.date

TWIN_OPPORTUNITIES: tuple[TwinOpportunity, ...] = (
    # ── short needs and offers ─────────────────────────────────────────────────────────────────────
    _need(
        "tw-op-01",
        "tw-sm-02",
        "technology_need",
        (_AM, _SM),
        _D(2027, 2, 15),
        (
            "Scambiatori di calore stampati in 3D per i motori elettrici",
            "3D-printed heat exchangers for electric motors",
        ),
        (
            "Cerchiamo un fornitore in grado di stampare con la fusione laser a letto di polvere scambiatori di calore in lega di alluminio con canali interni conformati, per raffreddare i nostri motori a flusso assiale. Ci servono anche la finitura interna dei canali e un prototipo entro sei mesi.",
            "We are looking for a supplier able to print aluminium alloy heat exchangers with conformal internal channels by laser powder bed fusion, to cool our axial flux motors. We also need the internal finishing of the channels and a prototype within six months.",
        ),
        ("tw-am-01",),
    ),
    _need(
        "tw-op-02",
        "tw-nu-01",
        "partner_search",
        (_NU, _AM),
        _D(2027, 1, 31),
        (
            "Controllo visivo automatico delle forme di formaggio",
            "Automatic visual inspection of cheese wheels",
        ),
        (
            "Il nostro caseificio cerca un partner per installare a fine linea un sistema di visione che controlli la crosta e le dimensioni delle forme e scarti quelle con crepe o muffe anomale.",
            "Our dairy is looking for a partner to install a vision system at the end of the line that checks the rind and size of the cheese wheels and rejects those with cracks or abnormal mould.",
        ),
        ("tw-am-03",),
    ),
    _need(
        "tw-op-03",
        "CAT.AL",
        "technology_need",
        (_NU,),
        _D(2027, 3, 31),
        (
            "Previsione del rischio di aflatossine nel mais",
            "Forecasting the risk of aflatoxins in maize",
        ),
        (
            "Un consorzio di maiscoltori del Cremonese cerca uno strumento che stimi settimana per settimana il rischio di aflatossine nei propri appezzamenti, per decidere la data della raccolta e separare i lotti destinati all'alimentazione delle vacche da latte.",
            "A consortium of maize growers in the Cremona area is looking for a tool that estimates, week by week, the risk of aflatoxins in its fields, in order to decide the harvest date and set apart the batches intended for feeding dairy cows.",
        ),
        ("tw-nu-03",),
    ),
    _need(
        "tw-op-04",
        "tw-su-01",
        "technology_offer",
        (_SU, _NU),
        _D(2027, 6, 30),
        (
            "Monomero BHET riciclato per gli imballaggi in PET",
            "Recycled BHET monomer for PET packaging",
        ),
        (
            "Offriamo BHET purificato ottenuto dalla glicolisi del PET post-consumo e cerchiamo un produttore di vaschette o bottiglie per alimenti che lo sperimenti per ottenere un PET riciclato idoneo al contatto con gli alimenti.",
            "We offer purified BHET obtained from the glycolysis of post-consumer PET and are looking for a producer of food trays or bottles to trial it in order to obtain recycled PET suitable for food contact.",
        ),
        ("tw-nu-05",),
    ),
    _need(
        "tw-op-05",
        "tw-hl-05",
        "partner_search",
        (_HL, _SD),
        _D(2027, 4, 30),
        (
            "Studio clinico ed economico sul telemonitoraggio dello scompenso cardiaco",
            "Clinical and economic study of heart failure telemonitoring",
        ),
        (
            "Cerchiamo partner per uno studio randomizzato multicentrico che dimostri se il telemonitoraggio domiciliare riduce i ricoveri per scompenso cardiaco, e per l'analisi costo-efficacia necessaria al rimborso da parte del servizio sanitario regionale.",
            "We are looking for partners for a multicentre randomised study showing whether home telemonitoring reduces hospital admissions for heart failure, and for the cost-effectiveness analysis needed for reimbursement by the regional health service.",
        ),
        ("tw-hl-03", "tw-sd-06"),
    ),
    _need(
        "tw-op-06",
        "LLSC",
        "technology_need",
        (_HL,),
        _D(2027, 2, 28),
        (
            "Produzione GMP di un enzima ricombinante",
            "GMP manufacturing of a recombinant enzyme",
        ),
        (
            "Una biotech associata cerca un'organizzazione per conto terzi che sviluppi il processo e produca in GMP un enzima terapeutico espresso in Pichia pastoris, per i lotti di uno studio clinico di fase I.",
            "A member biotech company is looking for a contract organisation to develop the process and manufacture under GMP a therapeutic enzyme expressed in Pichia pastoris, for the batches of a phase I clinical study.",
        ),
        ("tw-hl-06",),
    ),
    _need(
        "tw-op-07",
        "tw-am-02",
        "partner_search",
        (_CI, _AM),
        _D(2027, 3, 15),
        (
            "Sicurezza informatica dei gateway per il retrofit delle macchine",
            "Cyber security of gateways for machine retrofits",
        ),
        (
            "I nostri gateway collegano alla rete aziendale macchine utensili prive di qualsiasi protezione: cerchiamo un partner che ne verifichi la sicurezza con test di penetrazione e ci aiuti ad adeguarli alla IEC 62443 prima della nuova serie.",
            "Our gateways connect machine tools with no protection at all to the company network: we are looking for a partner to check their security with penetration tests and help us bring them into line with IEC 62443 before the new series.",
        ),
        ("tw-ci-02",),
    ),
    _need(
        "tw-op-08",
        "SCC",
        "technology_need",
        (_SM, _CI),
        _D(2027, 5, 31),
        (
            "Monitoraggio dei viadotti di una strada provinciale",
            "Monitoring the viaducts of a provincial road",
        ),
        (
            "Una provincia lombarda cerca soluzioni per sorvegliare nel tempo la deformazione dei viadotti e dei versanti lungo una strada di montagna, combinando i dati satellitari con sensori installati sulle strutture.",
            "A Lombard province is seeking solutions to keep watch over the deformation of viaducts and slopes along a mountain road over time, combining satellite data with sensors installed on the structures.",
        ),
        ("tw-ci-04", "tw-sm-06"),
    ),
    _need(
        "tw-op-09",
        "tw-ci-05",
        "partner_search",
        (_AM, _CI),
        _D(2027, 4, 15),
        (
            "Struttura in composito per un microsatellite",
            "Composite structure for a microsatellite",
        ),
        (
            "Cerchiamo un partner che progetti e produca la struttura primaria in fibra di carbonio di un satellite da 12U, con i controlli non distruttivi dei pannelli e la documentazione per le prove di vibrazione.",
            "We are looking for a partner to design and manufacture the carbon fibre primary structure of a 12U satellite, with non-destructive testing of the panels and the documentation for the vibration tests.",
        ),
        ("tw-am-05",),
    ),
    _need(
        "tw-op-10",
        "tw-sd-02",
        "technology_need",
        (_SD, _CI),
        _D(2027, 1, 15),
        (
            "Assistente vocale in italiano per le persone anziane",
            "Italian voice assistant for older people",
        ),
        (
            "Vorremmo aggiungere ai nostri impianti un assistente vocale che capisca le richieste degli anziani in italiano, anche con inflessioni dialettali, senza inviare le registrazioni a servizi esterni.",
            "We would like to add to our systems a voice assistant that understands older people's requests in Italian, even with dialect accents, without sending the recordings to external services.",
        ),
        ("tw-ci-03",),
    ),
    _need(
        "tw-op-11",
        "tw-sm-05",
        "project_idea",
        (_SM,),
        _D(2027, 6, 1),
        (
            "Un autobus notturno a chiamata per i quartieri periferici",
            "An on-demand night bus for outlying neighbourhoods",
        ),
        (
            "Vorremmo sostituire due linee notturne poco frequentate con un servizio di minibus prenotabile da app: cerchiamo chi possa stimare la domanda e sviluppare l'algoritmo che assegna le corse ai mezzi.",
            "We would like to replace two little-used night lines with a minibus service booked through an app: we are looking for someone who can estimate the demand and develop the algorithm that assigns the rides to the vehicles.",
        ),
        ("tw-sm-03",),
    ),
    _need(
        "tw-op-12",
        "tw-sm-04",
        "technology_need",
        (_SM, _SU),
        _D(2027, 3, 1),
        (
            "Pompa di calore integrata nei moduli di facciata",
            "Heat pump integrated into facade modules",
        ),
        (
            "Per la riqualificazione di condomini degli anni Settanta cerchiamo un produttore di pompe di calore compatte a refrigerante naturale da integrare nei nostri moduli prefabbricati di facciata.",
            "For the retrofit of 1970s apartment blocks we are looking for a manufacturer of compact natural-refrigerant heat pumps to integrate into our prefabricated facade modules.",
        ),
        ("tw-su-06",),
    ),
    _need(
        "tw-op-13",
        "tw-ck-04",
        "technology_need",
        (_SU, _CK),
        _D(2027, 5, 15),
        (
            "Riutilizzo delle acque di scarico della tintoria",
            "Reuse of dyehouse wastewater",
        ),
        (
            "La nostra stamperia cerca una tecnologia per depurare gli scarichi del reparto di tintoria, carichi di coloranti reattivi e di sali, e riutilizzare almeno metà dell'acqua nei lavaggi.",
            "Our printworks is looking for a technology to treat the effluent of the dyeing department, laden with reactive dyes and salts, and to reuse at least half of the water in the washes.",
        ),
        ("tw-su-02",),
    ),
    _need(
        "tw-op-14",
        "tw-sd-04",
        "partner_search",
        (_SD, _CK),
        _D(2027, 2, 1),
        (
            "Co-progettazione di cucine accessibili",
            "Co-design of accessible kitchens",
        ),
        (
            "Cerchiamo partner che coinvolgano anziani, caregiver e persone con disabilità nella co-progettazione e nei test di usabilità di una nuova linea di cucine modulari.",
            "We are looking for partners to involve older people, carers and people with disabilities in the co-design and usability testing of a new line of modular kitchens.",
        ),
        ("tw-sd-03", "tw-ck-02"),
    ),
    _need(
        "tw-op-15",
        "tw-su-03",
        "technology_offer",
        (_SU, _SD),
        _D(2027, 9, 30),
        (
            "Uno strumento aperto per progettare le comunità energetiche",
            "An open tool for designing energy communities",
        ),
        (
            "Mettiamo a disposizione un software libero che simula i consumi di un quartiere e dimensiona il fotovoltaico e gli accumuli di una comunità energetica rinnovabile; cerchiamo enti locali disposti a sperimentarlo su casi reali.",
            "We are making available a free software tool that simulates the consumption of a neighbourhood and sizes the photovoltaics and storage of a renewable energy community; we are looking for local authorities willing to trial it on real cases.",
        ),
        ("tw-sd-05",),
    ),
    _need(
        "tw-op-16",
        "AFIL",
        "partner_search",
        (_AM,),
        _D(2027, 1, 20),
        (
            "Un robot collaborativo per l'assemblaggio di valvole",
            "A collaborative robot for valve assembly",
        ),
        (
            "Una PMI associata che assembla valvole a sfera cerca un partner per introdurre un robot collaborativo accanto agli operatori, con la valutazione dei rischi e una nuova ripartizione dei compiti tra persona e robot.",
            "A member SME that assembles ball valves is looking for a partner to introduce a collaborative robot alongside its operators, with a risk assessment and a new allocation of tasks between person and robot.",
        ),
        ("tw-am-04",),
    ),
    _need(
        "tw-op-17",
        "tw-nu-02",
        "technology_need",
        (_NU, _SU),
        _D(2027, 4, 1),
        (
            "Valorizzazione della lolla e della paglia di riso",
            "Adding value to rice husks and straw",
        ),
        (
            "La nostra riseria e le aziende agricole vicine producono ogni anno centinaia di tonnellate di lolla e paglia di riso: cerchiamo chi possa trasformarle in prodotti chimici o materiali di maggior valore invece di bruciarle.",
            "Our rice mill and the neighbouring farms produce hundreds of tonnes of rice husks and straw every year: we are looking for someone who can turn them into higher-value chemicals or materials instead of burning them.",
        ),
        ("tw-su-04",),
    ),
    _need(
        "tw-op-18",
        "tw-ck-06",
        "partner_search",
        (_CK,),
        _D(2027, 3, 20),
        (
            "Una visita in realtà aumentata degli strumenti storici",
            "An augmented reality tour of historic instruments",
        ),
        (
            "Cerchiamo partner per una visita in realtà aumentata del museo civico, in cui i visitatori esplorano sul tablet i modelli 3D dei violini storici e ne ascoltano il suono.",
            "We are looking for partners for an augmented reality tour of the civic museum, in which visitors explore 3D models of the historic violins on a tablet and listen to their sound.",
        ),
        ("tw-ck-02", "tw-ck-01"),
    ),
    # ── long multi-topic regional calls ────────────────────────────────────────────────────────────
    _call(
        "tw-call-01",
        "AFIL",
        (_AM, _SU),
        _D(2027, 3, 31),
        (
            "Bando per la manifattura avanzata 2027: la fabbrica digitale e circolare",
            "Advanced Manufacturing Call 2027: the digital and circular factory",
        ),
        (
            "Il bando finanzia progetti di collaborazione tra imprese e organismi di ricerca lombardi che portino in produzione tecnologie manifatturiere innovative entro 24 mesi. Ogni progetto deve riguardare uno dei seguenti temi.",
            "The call funds collaborative projects between Lombard companies and research organisations that bring innovative manufacturing technologies into production within 24 months. Each project must address one of the following topics.",
        ),
        (
            (
                "Manifattura additiva di componenti metallici. Qualificazione di processi di stampa 3D dei metalli per parti strutturali o termiche, compresi i trattamenti successivi, il controllo della porosità e la ripetibilità tra lotti di polvere.",
                "Additive manufacturing of metal components. Qualification of metal 3D printing processes for structural or thermal parts, including post-processing, porosity control and repeatability across powder batches.",
                ("tw-am-01",),
            ),
            (
                "Controllo della qualità in linea. Sistemi di visione e di misura tridimensionale che individuano i difetti durante la produzione, anche con algoritmi addestrati su pochi esempi di scarto.",
                "In-line quality control. Vision and three-dimensional measurement systems that detect defects during production, including algorithms trained on few examples of rejects.",
                ("tw-am-03",),
            ),
            (
                "Metalli circolari. Aumento del contenuto di materiale riciclato nei getti di alluminio e di acciaio senza perdite di resistenza meccanica.",
                "Circular metals. Increasing the recycled content of aluminium and steel castings without any loss of mechanical strength.",
                ("tw-am-06",),
            ),
            (
                "Macchine esistenti connesse. Retrofit di macchine utensili non recenti, collegandone il controllo numerico ai sistemi di gestione della produzione per raccoglierne i dati e stimare l'usura dei componenti critici.",
                "Connected existing machines. Retrofitting older machine tools by connecting their numerical control to manufacturing management systems, in order to collect their data and estimate the wear of critical components.",
                ("tw-am-02",),
            ),
        ),
        (
            "Il contributo copre fino al 50% dei costi ammissibili per le PMI e al 40% per le grandi imprese, con un massimo di 400.000 euro per progetto. Ogni partenariato deve comprendere almeno due PMI e un organismo di ricerca; i progetti che dimostrano una riduzione misurabile degli scarti o dei consumi di energia ricevono un punteggio aggiuntivo.",
            "The grant covers up to 50% of eligible costs for SMEs and 40% for large companies, with a maximum of 400,000 euros per project. Each partnership must include at least two SMEs and one research organisation; projects that demonstrate a measurable reduction in scrap or energy consumption receive additional points.",
        ),
    ),
    _call(
        "tw-call-02",
        "CAT.AL",
        (_NU, _SU),
        _D(2027, 4, 30),
        (
            "Bando per filiere agroalimentari sostenibili",
            "Sustainable Agri-Food Supply Chains Call",
        ),
        (
            "Il bando sostiene progetti di ricerca industriale e sviluppo sperimentale che rendano più sostenibili e più sicure le filiere agroalimentari lombarde. Le proposte devono indicare uno dei seguenti temi.",
            "The call supports industrial research and experimental development projects that make Lombardy's agri-food supply chains more sustainable and safer. Proposals must state one of the following topics.",
        ),
        (
            (
                "Agricoltura di precisione e sicurezza dei cereali. Strumenti di monitoraggio delle colture e modelli previsionali che riducano i fattori di produzione chimici e le contaminazioni da micotossine.",
                "Precision farming and cereal safety. Crop monitoring tools and forecasting models that reduce chemical inputs and mycotoxin contamination.",
                ("tw-nu-03", "tw-nu-04"),
            ),
            (
                "Imballaggi riciclabili. Sostituzione degli imballaggi multimateriale con soluzioni monomateriale o riciclate che mantengano la durata commerciale degli alimenti.",
                "Recyclable packaging. Replacement of multi-material packaging with mono-material or recycled solutions that maintain the shelf life of food.",
                ("tw-nu-05",),
            ),
            (
                "Prodotti lattiero-caseari più salutari. Riduzione di sale, grassi o lattosio e uso di colture microbiche autoctone nei formaggi tradizionali.",
                "Healthier dairy products. Reduction of salt, fat or lactose and use of native microbial cultures in traditional cheeses.",
                ("tw-nu-01",),
            ),
            (
                "Allevamenti con meno antibiotici. Genetica, alimentazione e gestione sanitaria degli animali che riducano l'uso degli antimicrobici.",
                "Livestock farming with fewer antibiotics. Genetics, feeding and animal health management that reduce the use of antimicrobials.",
                ("tw-nu-06",),
            ),
        ),
        (
            "Sono ammessi partenariati di almeno tre soggetti, tra cui almeno un'impresa agricola o alimentare. I progetti durano al massimo 30 mesi e il contributo a fondo perduto arriva al 60% delle spese per gli organismi di ricerca.",
            "Partnerships of at least three parties are eligible, including at least one farming or food company. Projects last no more than 30 months and the non-repayable grant reaches 60% of expenses for research organisations.",
        ),
    ),
    _call(
        "tw-call-03",
        "LLSC",
        (_HL,),
        _D(2027, 5, 15),
        (
            "Bando per la salute innovativa: diagnostica, medicina rigenerativa e cure a domicilio",
            "Innovative Health Call: diagnostics, regenerative medicine and home care",
        ),
        (
            "Il bando finanzia progetti di sviluppo preclinico e clinico che portino benefici concreti ai pazienti lombardi entro cinque anni. Ogni proposta deve rientrare in uno dei seguenti temi.",
            "The call funds preclinical and clinical development projects that bring tangible benefits to Lombard patients within five years. Each proposal must fall under one of the following topics.",
        ),
        (
            (
                "Diagnostica oncologica mininvasiva. Test sul sangue o su altri fluidi biologici per la diagnosi precoce, la scelta della terapia e il monitoraggio delle recidive.",
                "Minimally invasive cancer diagnostics. Tests on blood or other body fluids for early diagnosis, the choice of therapy and the monitoring of relapses.",
                ("tw-hl-01",),
            ),
            (
                "Ingegneria dei tessuti. Biomateriali, biostampa e modelli cellulari tridimensionali per riparare i tessuti danneggiati o sostituire la sperimentazione sugli animali.",
                "Tissue engineering. Biomaterials, bioprinting and three-dimensional cell models to repair damaged tissues or replace testing on animals.",
                ("tw-hl-04",),
            ),
            (
                "Cure a domicilio per le malattie croniche. Soluzioni di telemedicina che seguono a casa i pazienti cardiopatici, respiratori o diabetici e riducono i ricoveri evitabili.",
                "Home care for chronic diseases. Telemedicine solutions that follow cardiac, respiratory or diabetic patients at home and reduce avoidable hospital admissions.",
                ("tw-hl-05",),
            ),
        ),
        (
            "I progetti devono coinvolgere almeno una struttura sanitaria lombarda e un'impresa. Sono finanziabili il personale, i materiali, i servizi di consulenza e i costi per la certificazione dei dispositivi, fino a un massimo di 800.000 euro per progetto. La valutazione premia i progetti che prevedono fin dall'inizio il coinvolgimento dei pazienti e un piano per l'accesso al mercato.",
            "Projects must involve at least one Lombard healthcare provider and one company. Staff, materials, consultancy services and device certification costs are eligible, up to a maximum of 800,000 euros per project. The evaluation rewards projects that involve patients from the start and include a plan for market access.",
        ),
    ),
    _call(
        "tw-call-04",
        "CTAV",
        (_CK, _SD),
        _D(2027, 2, 26),
        (
            "Bando per la cultura e la conoscenza digitale",
            "Digital Culture and Knowledge Call",
        ),
        (
            "Il bando sostiene progetti che usano le tecnologie digitali per conservare, valorizzare e rendere accessibile il patrimonio culturale lombardo e per diffondere nuove competenze. I progetti devono affrontare uno dei seguenti temi.",
            "The call supports projects that use digital technologies to preserve, enhance and make accessible Lombardy's cultural heritage and to spread new skills. Projects must address one of the following topics.",
        ),
        (
            (
                "Rilievo e modellazione del patrimonio. Digitalizzazione tridimensionale di edifici storici, opere e collezioni a supporto del restauro e della fruizione da parte del pubblico.",
                "Surveying and modelling heritage. Three-dimensional digitisation of historic buildings, artworks and collections to support restoration and access by the public.",
                ("tw-ck-01",),
            ),
            (
                "Scienza per la conservazione. Tecniche diagnostiche non invasive per conoscere i materiali delle opere e pianificarne la conservazione.",
                "Conservation science. Non-invasive diagnostic techniques to understand the materials of artworks and plan their conservation.",
                ("tw-ck-05",),
            ),
            (
                "Competenze per il lavoro che cambia. Piattaforme di apprendimento digitale che aggiornano le competenze dei lavoratori delle imprese, con percorsi personalizzati e la certificazione delle competenze acquisite.",
                "Skills for a changing world of work. Digital learning platforms that update the skills of company workers, with personalised pathways and the certification of the skills acquired.",
                ("tw-ck-03",),
            ),
            (
                "Archivi d'impresa della moda e del design. Catalogazione e valorizzazione digitale degli archivi storici delle imprese creative lombarde.",
                "Company archives of fashion and design. Cataloguing and digital enhancement of the historical archives of Lombard creative companies.",
                ("tw-ck-04",),
            ),
        ),
        (
            "Possono partecipare imprese culturali e creative, università, enti locali e istituzioni museali, anche in partenariato. Il contributo massimo è di 250.000 euro e i risultati digitali devono essere pubblicati con licenze aperte.",
            "Cultural and creative enterprises, universities, local authorities and museum institutions may take part, including in partnership. The maximum grant is 250,000 euros and the digital outputs must be published under open licences.",
        ),
    ),
    _call(
        "tw-call-05",
        "SCC",
        (_CI,),
        _D(2027, 6, 30),
        (
            "Bando per la connettività, i dati e la sicurezza",
            "Connectivity, Data and Security Call",
        ),
        (
            "Il bando finanzia la sperimentazione di tecnologie digitali in contesti reali, come stabilimenti, campus, ospedali e uffici pubblici. Le proposte devono riguardare uno dei seguenti temi.",
            "The call funds the trialling of digital technologies in real settings such as factories, campuses, hospitals and public offices. Proposals must concern one of the following topics.",
        ),
        (
            (
                "Reti mobili private. Reti 5G dedicate, a bassa latenza e ad alta affidabilità, per applicazioni industriali o sanitarie.",
                "Private mobile networks. Dedicated 5G networks with low latency and high reliability for industrial or healthcare applications.",
                ("tw-ci-06",),
            ),
            (
                "Sicurezza dei sistemi industriali. Protezione degli impianti e dei dispositivi connessi dagli attacchi informatici, in linea con le nuove norme europee.",
                "Security of industrial systems. Protection of plants and connected devices from cyber attacks, in line with the new European regulations.",
                ("tw-ci-02",),
            ),
            (
                "Intelligenza artificiale ai margini della rete. Sensori e dispositivi a basso consumo che elaborano i dati sul posto, riducendo il traffico e l'energia consumata.",
                "Artificial intelligence at the edge of the network. Low-power sensors and devices that process data on the spot, reducing traffic and the energy consumed.",
                ("tw-ci-01",),
            ),
            (
                "Tecnologie linguistiche affidabili. Modelli linguistici per l'italiano che aiutino la pubblica amministrazione a rispondere ai cittadini, nel rispetto della protezione dei dati personali.",
                "Trustworthy language technologies. Language models for Italian that help the public administration answer citizens, while respecting the protection of personal data.",
                ("tw-ci-03",),
            ),
        ),
        (
            "Ogni progetto deve prevedere un sito pilota e un utilizzatore finale che partecipi alla sperimentazione. Il contributo copre fino al 60% delle spese, con un massimo di 300.000 euro per progetto.",
            "Each project must include a pilot site and an end user who takes part in the trial. The grant covers up to 60% of expenses, with a maximum of 300,000 euros per project.",
        ),
    ),
    _call(
        "tw-call-06",
        "CLM",
        (_SM, _SU),
        _D(2027, 3, 15),
        (
            "Bando per la mobilità sostenibile e le infrastrutture intelligenti",
            "Sustainable Mobility and Smart Infrastructure Call",
        ),
        (
            "Il bando finanzia progetti che riducono le emissioni dei trasporti e aumentano la sicurezza delle infrastrutture in Lombardia. Ogni progetto deve scegliere uno dei seguenti temi.",
            "The call funds projects that reduce transport emissions and make infrastructure in Lombardy safer. Each project must choose one of the following topics.",
        ),
        (
            (
                "Ricarica dei veicoli elettrici. Infrastrutture di ricarica rapida e sistemi di ricarica intelligente o bidirezionale integrati con la rete elettrica.",
                "Electric vehicle charging. Fast charging infrastructure and smart or bidirectional charging systems integrated with the power grid.",
                ("tw-sm-01", "tw-su-03"),
            ),
            (
                "Propulsione elettrica efficiente. Motori ed elettronica di potenza per veicoli leggeri, con una minore dipendenza dalle terre rare.",
                "Efficient electric propulsion. Motors and power electronics for light vehicles, with less dependence on rare earths.",
                ("tw-sm-02",),
            ),
            (
                "Logistica urbana e trasporto pubblico flessibile. Consegne a basse emissioni nei centri urbani e servizi di trasporto a chiamata nelle aree poco servite.",
                "Urban logistics and flexible public transport. Low-emission deliveries in town centres and demand-responsive transport services in poorly served areas.",
                ("tw-sm-05", "tw-sm-03"),
            ),
            (
                "Infrastrutture sicure. Monitoraggio continuo di ponti, gallerie e versanti con sensori e dati satellitari.",
                "Safe infrastructure. Continuous monitoring of bridges, tunnels and slopes with sensors and satellite data.",
                ("tw-sm-06", "tw-ci-04"),
            ),
        ),
        (
            "Sono ammessi partenariati tra imprese, organismi di ricerca ed enti locali, con almeno una PMI. Il contributo è pari al 50% delle spese ammissibili, fino a 500.000 euro per progetto, e i risultati devono essere dimostrati su strada o in un sito reale.",
            "Partnerships between companies, research organisations and local authorities are eligible, with at least one SME. The grant equals 50% of eligible expenses, up to 500,000 euros per project, and the results must be demonstrated on the road or at a real site.",
        ),
    ),
    _call(
        "tw-call-07",
        "LE2C",
        (_SU,),
        _D(2027, 5, 31),
        (
            "Bando per la transizione energetica e la chimica verde",
            "Energy Transition and Green Chemistry Call",
        ),
        (
            "Il bando sostiene lo sviluppo e la dimostrazione di tecnologie per decarbonizzare l'industria lombarda e chiudere i cicli dei materiali e dell'acqua. Le proposte devono riferirsi a uno dei seguenti temi.",
            "The call supports the development and demonstration of technologies to decarbonise Lombard industry and close the material and water cycles. Proposals must refer to one of the following topics.",
        ),
        (
            (
                "Idrogeno verde. Elettrolizzatori più efficienti e durevoli e materiali compatibili con il trasporto e lo stoccaggio dell'idrogeno.",
                "Green hydrogen. More efficient and durable electrolysers and materials compatible with the transport and storage of hydrogen.",
                ("tw-su-05",),
            ),
            (
                "Calore industriale senza combustibili fossili. Pompe di calore ad alta temperatura e recupero del calore di scarto nei processi produttivi.",
                "Industrial heat without fossil fuels. High-temperature heat pumps and waste heat recovery in production processes.",
                ("tw-su-06",),
            ),
            (
                "Riciclo chimico delle plastiche. Processi che trasformano i rifiuti plastici difficili da riciclare in monomeri o materie prime per nuovi polimeri.",
                "Chemical recycling of plastics. Processes that turn hard-to-recycle plastic waste into monomers or feedstocks for new polymers.",
                ("tw-su-01",),
            ),
            (
                "Acqua pulita. Rimozione dei contaminanti emergenti, come i PFAS e i residui di farmaci, dalle acque reflue e potabili.",
                "Clean water. Removal of emerging contaminants, such as PFAS and pharmaceutical residues, from wastewater and drinking water.",
                ("tw-su-02",),
            ),
        ),
        (
            "I progetti devono includere una dimostrazione in ambiente industriale e una valutazione del ciclo di vita. Il contributo massimo è di 600.000 euro, con una maggiorazione del 10% per i progetti guidati da PMI.",
            "Projects must include a demonstration in an industrial environment and a life cycle assessment. The maximum grant is 600,000 euros, with a 10% increase for projects led by SMEs.",
        ),
    ),
    _call(
        "tw-call-08",
        "CTAV",
        (_SD, _HL),
        _D(2027, 4, 15),
        (
            "Bando per l'invecchiamento attivo e l'inclusione",
            "Active Ageing and Inclusion Call",
        ),
        (
            "Il bando finanzia soluzioni che aiutano le persone anziane e le persone con disabilità a vivere in autonomia e a partecipare alla vita sociale e lavorativa. I progetti devono affrontare uno dei seguenti temi.",
            "The call funds solutions that help older people and people with disabilities to live independently and to take part in social and working life. Projects must address one of the following topics.",
        ),
        (
            (
                "Riabilitazione e recupero funzionale. Tecnologie robotiche e percorsi di riabilitazione a distanza dopo eventi neurologici o traumi.",
                "Rehabilitation and functional recovery. Robotic technologies and remote rehabilitation programmes after neurological events or injuries.",
                ("tw-sd-01",),
            ),
            (
                "Sicurezza in casa. Sensori e servizi che individuano le cadute e le situazioni di rischio di chi vive da solo, nel rispetto della riservatezza.",
                "Safety at home. Sensors and services that detect falls and risky situations for people who live alone, while respecting their privacy.",
                ("tw-sd-02",),
            ),
            (
                "Ambienti di vita accessibili. Arredi e spazi domestici o assistenziali progettati per tutti, facili da usare e da pulire.",
                "Accessible living environments. Furniture and home or care spaces designed for all, easy to use and to clean.",
                ("tw-sd-04", "tw-ck-02"),
            ),
            (
                "Inclusione lavorativa. Modelli e servizi che favoriscono l'inserimento nel lavoro delle persone con disabilità o fragilità.",
                "Inclusion at work. Models and services that help people with disabilities or vulnerabilities into employment.",
                ("tw-sd-03",),
            ),
        ),
        (
            "Ogni partenariato deve coinvolgere almeno un ente del terzo settore o un servizio sociosanitario e prevedere la sperimentazione con gli utenti finali. Il contributo copre fino al 70% dei costi, con un massimo di 350.000 euro.",
            "Each partnership must involve at least one third-sector organisation or social care service and include trials with end users. The grant covers up to 70% of costs, with a maximum of 350,000 euros.",
        ),
    ),
    _call(
        "tw-call-09",
        "LAC",
        (_AM, _CI),
        _D(2027, 6, 15),
        (
            "Bando per l'aerospazio lombardo: strutture, satelliti e osservazione della Terra",
            "Lombardy Aerospace Call: structures, satellites and Earth observation",
        ),
        (
            "Il bando sostiene progetti che rafforzano la filiera aerospaziale lombarda, dalle strutture degli aeromobili ai servizi basati sui dati satellitari. Ogni proposta deve indicare uno dei seguenti temi.",
            "The call supports projects that strengthen Lombardy's aerospace supply chain, from aircraft structures to services based on satellite data. Each proposal must state one of the following topics.",
        ),
        (
            (
                "Strutture leggere. Compositi termoplastici, processi di giunzione senza rivetti e controlli non distruttivi per le aerostrutture di nuova generazione.",
                "Lightweight structures. Thermoplastic composites, rivet-free joining processes and non-destructive testing for next-generation aerostructures.",
                ("tw-am-05",),
            ),
            (
                "Piccoli satelliti. Sottosistemi di bordo, comunicazioni e carichi utili per costellazioni di CubeSat e microsatelliti.",
                "Small satellites. Onboard subsystems, communications and payloads for constellations of CubeSats and microsatellites.",
                ("tw-ci-05",),
            ),
            (
                "Servizi di osservazione della Terra. Applicazioni dei dati satellitari radar e ottici alla gestione del territorio e dei rischi naturali.",
                "Earth observation services. Applications of radar and optical satellite data to land management and natural hazards.",
                ("tw-ci-04",),
            ),
            (
                "Manifattura additiva per l'aerospazio. Componenti metallici stampati e qualificati per motori, sistemi di raffreddamento e staffe di supporto.",
                "Additive manufacturing for aerospace. Printed and qualified metal components for engines, cooling systems and support brackets.",
                ("tw-am-01",),
            ),
        ),
        (
            "Il bando è aperto a imprese, università e centri di ricerca con una sede operativa in Lombardia. Il contributo varia dal 40% al 60% dei costi a seconda della dimensione del beneficiario.",
            "The call is open to companies, universities and research centres with an operating site in Lombardy. The grant ranges from 40% to 60% of costs depending on the size of the beneficiary.",
        ),
    ),
)

#: Opportunity id → the member ids an expert would suggest for it (for calls, over all topics).
TWIN_RELEVANT: dict[str, list[str]] = {o.opportunity_id: list(o.relevant) for o in TWIN_OPPORTUNITIES}

#: Call id → for each numbered topic, the member ids an expert would suggest for that topic.
TWIN_CALL_TOPICS: dict[str, list[list[str]]] = {
    o.opportunity_id: [list(t) for t in o.topics] for o in TWIN_OPPORTUNITIES if o.topics
}


def _index(language: str) -> int:
    if language not in ("it", "en"):
        raise ValueError(f"language must be 'it' or 'en', not {language!r}")
    return 0 if language == "it" else 1


def twin_members(language: Language) -> list[MemberProfile]:
    """The member twins with every competency in ``language`` (same ids in both languages)."""
    i = _index(language)
    return [
        MemberProfile(
            member_id=m.member_id,
            name=m.name,
            clusters=list(m.clusters),
            org_type=m.org_type,  # type: ignore[arg-type]
            size=m.size,  # type: ignore[arg-type]
            ecosystems=list(m.ecosystems),
            competencies=[Competency(text=c[1 + i], kind=c[0]) for c in m.competencies],  # type: ignore[arg-type]
            city=m.city,
            updated_at=TWIN_UPDATED_AT,
        )
        for m in TWIN_MEMBERS
    ]


def twin_opportunities(language: Language) -> list[Opportunity]:
    """The opportunity twins with title and description in ``language`` (same ids in both languages)."""
    i = _index(language)
    return [
        Opportunity(
            opportunity_id=o.opportunity_id,
            published_by=o.published_by,
            kind=o.kind,  # type: ignore[arg-type]
            title=o.title[i],
            description=o.description[i],
            ecosystems=list(o.ecosystems),
            deadline=o.deadline,
            status="open",
            updated_at=TWIN_UPDATED_AT,
        )
        for o in TWIN_OPPORTUNITIES
    ]
