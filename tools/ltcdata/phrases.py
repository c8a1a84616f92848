"""Bilingual (English | Italian) phrase banks from which member evidence is written.

Each cluster has three technical areas; an area lists things made (``T``), where they are used
(``U``), methods mastered (``M``) and qualifiers (``X``), each as a translation-equivalent pair.
:data:`FRAMES` turn one draw of these into a one-to-two-sentence evidence text of a given kind.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "ACRONYM_HEADS",
    "ACRONYM_TAILS",
    "AREAS",
    "FRAMES",
    "PARTNERS",
    "PROGRAMMES",
    "TAILS",
    "Area",
    "Pair",
]

Pair = tuple[str, str]


class Area(NamedTuple):
    """One technical area of a cluster; every entry is an (English, Italian) pair."""

    name: str
    things: tuple[Pair, ...]
    uses: tuple[Pair, ...]
    methods: tuple[Pair, ...]
    extras: tuple[Pair, ...]


_BANK = """
@AFIL joining-forming
T laser welding cells | celle di saldatura laser
T friction stir welding heads | teste per saldatura friction stir
T servo-electric press brakes | presse piegatrici servoelettriche
T hot-stamping dies with conformal cooling | stampi per tranciatura a caldo con raffreddamento conformato
U aluminium battery trays for electric vehicles | vassoi batteria in alluminio per veicoli elettrici
U thin-wall stainless steel enclosures | involucri in acciaio inox a parete sottile
U high-strength steel body-in-white parts | componenti di scocca in acciaio altoresistenziale
U copper busbars for power electronics | barre in rame per elettronica di potenza
M seam tracking with laser triangulation sensors | inseguimento del giunto con sensori a triangolazione laser
M finite-element simulation of springback | simulazione agli elementi finiti del ritorno elastico
M closed-loop control of welding parameters | controllo in anello chiuso dei parametri di saldatura
X with in-line quality inspection | con ispezione della qualità in linea
X with automatic tool change in under ten seconds | con cambio utensile automatico in meno di dieci secondi
@AFIL machining-maintenance
T five-axis machining centres | centri di lavoro a cinque assi
T spindle condition-monitoring kits | kit di monitoraggio delle condizioni del mandrino
T retrofit IoT gateways for legacy CNC machines | gateway IoT di retrofit per macchine CNC esistenti
T edge analytics software for machine tools | software di analisi edge per macchine utensili
U precision components for hydraulic valves | componenti di precisione per valvole oleodinamiche
U turbine blades and impellers | pale di turbina e giranti
U mould and die shops | officine di stampi e attrezzature
U high-mix low-volume production lines | linee di produzione ad alta varietà e bassi volumi
M machine-learning-based predictive maintenance | manutenzione predittiva basata su machine learning
M vibration analysis and chatter suppression | analisi delle vibrazioni e soppressione del chatter
M OPC UA data integration with MES systems | integrazione dei dati OPC UA con sistemi MES
X with remaining-useful-life estimation | con stima della vita utile residua
X with a web dashboard for maintenance teams | con cruscotto web per i manutentori
@AFIL additive-robotics
T laser powder bed fusion systems | sistemi di fusione laser a letto di polvere
T collaborative robot cells | celle robotiche collaborative
T machine-vision bin-picking systems | sistemi di bin picking con visione artificiale
T wire arc additive manufacturing heads | teste per manifattura additiva ad arco e filo
U lightweight lattice brackets | staffe alleggerite a struttura reticolare
U end-of-line packaging and palletising | il confezionamento e la pallettizzazione di fine linea
U small-batch assembly of electromechanical parts | l'assemblaggio in piccoli lotti di parti elettromeccaniche
U repair of worn moulds | la riparazione di stampi usurati
M topology optimisation for additive manufacturing | ottimizzazione topologica per la manifattura additiva
M offline robot programming with digital twins | programmazione robot offline con gemelli digitali
M process monitoring with melt-pool cameras | monitoraggio di processo con telecamere sul bagno di fusione
X with ISO/TS 15066 collaboration risk assessment | con analisi dei rischi collaborativi secondo ISO/TS 15066
X with automatic parameter tuning | con regolazione automatica dei parametri
@CAT.AL dairy-processing
T membrane filtration plants for whey | impianti di filtrazione a membrana per il siero
T high-pressure processing lines | linee di trattamento ad alte pressioni
T aseptic filling machines | riempitrici asettiche
T starter cultures and probiotic strains | colture starter e ceppi probiotici
U Grana Padano and Provolone dairies | caseifici di Grana Padano e Provolone
U ready-to-eat fresh vegetables | ortaggi freschi pronti al consumo
U plant-based dairy alternatives | alternative vegetali ai prodotti lattiero-caseari
U cured meats with reduced nitrites | salumi a ridotto contenuto di nitriti
M shelf-life modelling and challenge testing | modellazione della shelf life e challenge test
M fermentation optimisation with lactic acid bacteria | ottimizzazione della fermentazione con batteri lattici
M recovery of bioactive peptides from by-products | recupero di peptidi bioattivi dai sottoprodotti
X with clean-in-place cycles | con cicli di lavaggio CIP
X with energy recovery from process water | con recupero energetico dalle acque di processo
@CAT.AL precision-agriculture
T soil moisture sensor networks | reti di sensori di umidità del suolo
T variable-rate fertiliser spreaders | spandiconcime a rateo variabile
T farm management software | software gestionali per aziende agricole
T drone-based crop scouting services | servizi di monitoraggio delle colture con droni
U maize and rice fields in the Po Valley | le colture di mais e riso della Pianura Padana
U vineyards in Franciacorta and Oltrepò Pavese | vigneti della Franciacorta e dell'Oltrepò Pavese
U dairy cattle farms | allevamenti di bovine da latte
U greenhouse horticulture | l'orticoltura in serra
M multispectral imaging of crop nitrogen status | analisi multispettrale dello stato azotato delle colture
M irrigation scheduling from evapotranspiration models | programmazione irrigua da modelli evapotraspirativi
M livestock monitoring with accelerometer collars | monitoraggio del bestiame con collari accelerometrici
X with ISOBUS compatibility | con compatibilità ISOBUS
X with alerts via a mobile app | con avvisi tramite app mobile
@CAT.AL traceability-packaging
T blockchain-based traceability platforms | piattaforme di tracciabilità basate su blockchain
T compostable packaging films | film per imballaggio compostabili
T rapid allergen detection kits | kit per la rilevazione rapida di allergeni
T NIR spectroscopy analysers | analizzatori a spettroscopia NIR
U PDO and PGI food supply chains | filiere alimentari DOP e IGP
U fresh pasta and bakery products | pasta fresca e prodotti da forno
U mass catering and school canteens | la ristorazione collettiva e le mense scolastiche
U olive oil and wine authentication | l'autenticazione di olio d'oliva e vino
M food fraud detection with chemometrics | individuazione delle frodi alimentari con la chemiometria
M life cycle assessment of food packaging | valutazione del ciclo di vita degli imballaggi alimentari
M mycotoxin analysis by LC-MS/MS | analisi delle micotossine in LC-MS/MS
X with QR codes for consumers | con codici QR per i consumatori
X with results in under fifteen minutes | con risultati in meno di quindici minuti
@CLM electric-powertrain
T battery management systems | sistemi di gestione delle batterie
T silicon-carbide traction inverters | inverter di trazione al carburo di silicio
T fast-charging stations | stazioni di ricarica rapida
T e-axle test benches | banchi prova per assali elettrici
U electric buses and light commercial vehicles | autobus elettrici e veicoli commerciali leggeri
U two-wheelers and e-bikes | veicoli a due ruote ed e-bike
U second-life battery storage | l'accumulo con batterie di seconda vita
U hydrogen fuel-cell trucks | camion a celle a combustibile a idrogeno
M state-of-health estimation with Kalman filters | stima dello stato di salute con filtri di Kalman
M thermal management design of battery packs | progettazione della gestione termica dei pacchi batteria
M electromagnetic compatibility testing | prove di compatibilità elettromagnetica
X with over-the-air software updates | con aggiornamenti software over-the-air
X with ISO 26262 functional safety up to ASIL C | con sicurezza funzionale ISO 26262 fino ad ASIL C
@CLM lightweight-components
T carbon-fibre reinforced polymer parts | componenti in polimero rinforzato con fibra di carbonio
T aluminium high-pressure die castings | pressofusioni di alluminio ad alta pressione
T brake calipers and discs | pinze e dischi freno
T rubber-metal anti-vibration mounts | supporti antivibranti gomma-metallo
U premium passenger cars | autovetture di fascia alta
U railway bogies and rolling stock | carrelli ferroviari e materiale rotabile
U agricultural and construction machinery | macchine agricole e movimento terra
U motorsport chassis | telai per il motorsport
M crash simulation and lightweight design | simulazione di crash e progettazione alleggerita
M fatigue testing under multiaxial loads | prove di fatica con carichi multiassiali
M porosity analysis by computed tomography | analisi della porosità mediante tomografia computerizzata
X with recycled aluminium content above 70% | con contenuto di alluminio riciclato superiore al 70%
X with full traceability of each part | con tracciabilità completa di ogni pezzo
@CLM connected-transport
T V2X communication units | unità di comunicazione V2X
T fleet telematics platforms | piattaforme telematiche per flotte
T ADAS sensor fusion software | software di fusione sensoriale per ADAS
T demand-responsive transit apps | app per il trasporto a chiamata
U urban logistics and last-mile delivery | la logistica urbana e le consegne dell'ultimo miglio
U regional railway lines | linee ferroviarie regionali
U motorway traffic management | la gestione del traffico autostradale
U car sharing and micromobility services | servizi di car sharing e micromobilità
M trajectory prediction with deep learning | previsione delle traiettorie con deep learning
M origin-destination matrices from mobile phone data | matrici origine-destinazione da dati telefonici
M hardware-in-the-loop testing of driving functions | test hardware-in-the-loop delle funzioni di guida
X with C-ITS standard message sets | con set di messaggi standard C-ITS
X with real-time dashboards for operators | con cruscotti in tempo reale per gli operatori
@LLSC medical-devices
T minimally invasive surgical instruments | strumenti chirurgici mininvasivi
T implantable cardiac monitors | monitor cardiaci impiantabili
T orthopaedic implants in porous titanium | impianti ortopedici in titanio poroso
T wearable ECG patches | cerotti ECG indossabili
U cardiology and electrophysiology departments | reparti di cardiologia ed elettrofisiologia
U hip and knee replacement surgery | la chirurgia protesica di anca e ginocchio
U home monitoring of chronic patients | il monitoraggio domiciliare dei pazienti cronici
U robotic-assisted urology | l'urologia assistita da robot
M biocompatibility testing under ISO 10993 | prove di biocompatibilità secondo ISO 10993
M clinical evaluation under the EU MDR | valutazione clinica secondo il regolamento europeo MDR
M signal processing for arrhythmia detection | elaborazione dei segnali per il rilevamento delle aritmie
X with CE marking as class IIb devices | con marcatura CE come dispositivi di classe IIb
X with cloud-based remote follow-up | con follow-up remoto su cloud
@LLSC biotech-pharma
T monoclonal antibody purification processes | processi di purificazione di anticorpi monoclonali
T viral vector manufacturing platforms | piattaforme di produzione di vettori virali
T organ-on-chip models | modelli organ-on-chip
T high-throughput screening assays | saggi di screening ad alta produttività
U rare genetic diseases | le malattie genetiche rare
U oncology drug discovery | la scoperta di farmaci oncologici
U cell and gene therapies | le terapie cellulari e geniche
U tackling antimicrobial resistance | il contrasto alla resistenza antimicrobica
M CRISPR-based gene editing | editing genico basato su CRISPR
M single-cell RNA sequencing | sequenziamento dell'RNA a singola cellula
M GMP process scale-up | scale-up di processo in GMP
X with GMP-grade documentation | con documentazione di grado GMP
X with automated liquid handling | con gestione automatizzata dei liquidi
@LLSC digital-health
T clinical decision support software | software di supporto alle decisioni cliniche
T telemedicine platforms | piattaforme di telemedicina
T medical image segmentation tools | strumenti di segmentazione di immagini mediche
T hospital data lakes based on HL7 FHIR | data lake ospedalieri basati su HL7 FHIR
U radiology and digital pathology | la radiologia e la patologia digitale
U diabetes management | la gestione del diabete
U emergency department triage | il triage nei pronto soccorso
U post-stroke rehabilitation | la riabilitazione dopo ictus
M federated learning on clinical data | apprendimento federato su dati clinici
M natural language processing of clinical reports | elaborazione del linguaggio naturale dei referti clinici
M GDPR-compliant pseudonymisation of health data | pseudonimizzazione dei dati sanitari conforme al GDPR
X with integration into hospital information systems | con integrazione nei sistemi informativi ospedalieri
X with validation on multicentre cohorts | con validazione su coorti multicentriche
@LE2C renewables-storage
T photovoltaic inverters | inverter fotovoltaici
T battery energy storage systems | sistemi di accumulo elettrochimico
T agrivoltaic tracking structures | strutture ad inseguimento per l'agrivoltaico
T alkaline and PEM electrolysers | elettrolizzatori alcalini e PEM
U renewable energy communities | le comunità energetiche rinnovabili
U industrial rooftops and car parks | coperture industriali e parcheggi
U green hydrogen valleys | le hydrogen valley per l'idrogeno verde
U grid balancing services | servizi di bilanciamento della rete
M control of grid-forming inverters | controllo di inverter grid-forming
M mixed-integer optimisation of energy dispatch | ottimizzazione lineare intera mista del dispacciamento
M degradation modelling of lithium-ion cells | modellazione del degrado delle celle agli ioni di litio
X with remote monitoring and fault diagnosis | con monitoraggio remoto e diagnosi dei guasti
X with a modular design from 50 kWh to 5 MWh | con architettura modulare da 50 kWh a 5 MWh
@LE2C efficiency-hvac
T heat pumps with natural refrigerants | pompe di calore con refrigeranti naturali
T industrial waste-heat recovery units | unità di recupero del calore di scarto industriale
T building energy management systems | sistemi di gestione energetica degli edifici
T smart meters and submetering kits | contatori intelligenti e kit di sottocontabilizzazione
U foundries and glass furnaces | fonderie e forni per il vetro
U hospitals and public buildings | ospedali ed edifici pubblici
U district heating networks | reti di teleriscaldamento
U data centre cooling | il raffreddamento dei data centre
M dynamic energy simulation of buildings | simulazione energetica dinamica degli edifici
M pinch analysis of industrial processes | analisi pinch dei processi industriali
M model predictive control of HVAC plants | controllo predittivo degli impianti HVAC
X with seasonal performance above SCOP 4 | con prestazioni stagionali superiori a SCOP 4
X with payback times under four years | con tempi di ritorno inferiori a quattro anni
@LE2C water-circular
T wastewater treatment membranes | membrane per il trattamento delle acque reflue
T anaerobic digesters and biomethane upgrading units | digestori anaerobici e unità di upgrading a biometano
T sludge drying plants | impianti di essiccamento dei fanghi
T leak detection systems for water networks | sistemi di rilevamento perdite per reti idriche
U municipal water utilities | gestori del servizio idrico integrato
U livestock manure and agro-industrial residues | reflui zootecnici e residui agroindustriali
U treatment of textile and tannery effluents | il trattamento di effluenti tessili e conciari
U phosphorus and nitrogen recovery | il recupero di fosforo e azoto
M hydraulic modelling of distribution networks | modellazione idraulica delle reti di distribuzione
M carbon footprint accounting under ISO 14064 | contabilizzazione dell'impronta di carbonio secondo ISO 14064
M biological nutrient removal process design | progettazione di processi di rimozione biologica dei nutrienti
X with energy-neutral operation | con funzionamento a bilancio energetico neutro
X with a digital twin of the treatment plant | con gemello digitale dell'impianto di trattamento
@LAC structures-materials
T composite fuselage panels | pannelli di fusoliera in composito
T welded thermoplastic stiffeners | irrigidimenti termoplastici saldati
T titanium landing-gear components | componenti del carrello di atterraggio in titanio
T ceramic matrix composite parts | componenti in composito a matrice ceramica
U helicopter airframes | cellule di elicotteri
U regional aircraft and business jets | velivoli regionali e business jet
U engine hot sections | le sezioni calde dei motori aeronautici
U launcher upper stages | stadi superiori dei lanciatori
M non-destructive testing by phased-array ultrasound | controlli non distruttivi con ultrasuoni phased array
M automated fibre placement | deposizione automatica delle fibre
M damage-tolerance analysis | analisi di tolleranza al danno
X with EN 9100 qualification | con qualifica EN 9100
X with out-of-autoclave curing | con cura fuori autoclave
@LAC space-observation
T CubeSat platforms | piattaforme CubeSat
T star trackers and sun sensors | sensori stellari e solari
T deployable solar arrays | pannelli solari dispiegabili
T satellite image processing pipelines | catene di elaborazione di immagini satellitari
U low-Earth-orbit constellations | le costellazioni in orbita bassa
U crop and land-use monitoring | il monitoraggio delle colture e dell'uso del suolo
U flood and landslide risk mapping | la mappatura del rischio di alluvioni e frane
U in-orbit servicing missions | le missioni di servizio in orbita
M attitude determination and control | determinazione e controllo d'assetto
M radiation-hardened electronics design | progettazione di elettronica resistente alle radiazioni
M SAR interferometry | interferometria SAR
X with flight heritage on three missions | con heritage di volo su tre missioni
X with thermal-vacuum qualification | con qualifica in termovuoto
@LAC avionics-drones
T UAV flight controllers | controllori di volo per UAV
T detect-and-avoid systems | sistemi detect-and-avoid
T avionics test benches | banchi prova avionici
T hybrid-electric propulsion units | unità di propulsione ibrido-elettrica
U inspection of power lines and bridges | l'ispezione di linee elettriche e ponti
U urban air mobility | la mobilità aerea urbana
U search and rescue operations | le operazioni di ricerca e soccorso
U medical deliveries by drone | le consegne sanitarie con droni
M DO-178C software certification | certificazione software DO-178C
M sensor fusion for GNSS-denied navigation | fusione sensoriale per la navigazione in assenza di GNSS
M aeroacoustic simulation of propellers | simulazione aeroacustica delle eliche
X in line with EASA specific-category rules | in conformità alle regole EASA per la categoria specific
X with a redundant flight-critical architecture | con architettura ridondata per le funzioni critiche di volo
@LGCA bio-based-chemicals
T bio-based polyols and resins | polioli e resine di origine biologica
T biosurfactants | biotensioattivi
T levulinic and succinic acid processes | processi per acido levulinico e succinico
T enzymatic catalysts | catalizzatori enzimatici
U coatings and adhesives | vernici e adesivi
U detergents and personal care | detergenti e prodotti per la cura della persona
U bioplastics for packaging | bioplastiche per imballaggio
U lubricants for agricultural machinery | lubrificanti per macchine agricole
M biorefining of lignocellulosic biomass | bioraffinazione di biomasse lignocellulosiche
M continuous-flow chemistry | chimica in flusso continuo
M precision fermentation | fermentazione di precisione
X with more than 80% renewable carbon | con oltre l'80% di carbonio rinnovabile
X with REACH registration | con registrazione REACH
@LGCA recycling-materials
T chemical recycling plants for mixed plastics | impianti di riciclo chimico per plastiche miste
T solvent-based textile recycling processes | processi di riciclo tessile a base di solventi
T recovered carbon black | nerofumo recuperato
T depolymerisation reactors | reattori di depolimerizzazione
U post-consumer polyolefins | poliolefine post-consumo
U end-of-life tyres | pneumatici fuori uso
U polyester and cotton blends | miscele di poliestere e cotone
U lithium-ion battery black mass | black mass da batterie agli ioni di litio
M pyrolysis oil upgrading | valorizzazione dell'olio di pirolisi
M hydrometallurgical recovery of critical raw materials | recupero idrometallurgico di materie prime critiche
M mass-balance certification of recycled content | certificazione a bilancio di massa del contenuto riciclato
X with ISCC PLUS certification | con certificazione ISCC PLUS
X at a pilot scale of 500 kg per day | su scala pilota di 500 kg al giorno
@LGCA safe-by-design
T green solvents | solventi green
T water-based formulations | formulazioni a base acqua
T PFAS-free water repellents | idrorepellenti privi di PFAS
T analytical services by GC-MS and NMR | servizi analitici in GC-MS e NMR
U textile finishing | il finissaggio tessile
U pharmaceutical intermediates | intermedi farmaceutici
U industrial cleaning | la pulizia industriale
U paper and board coatings | la patinatura di carta e cartone
M safe-and-sustainable-by-design assessment | valutazione safe-and-sustainable-by-design
M in-silico toxicity prediction | previsione in silico della tossicità
M process intensification with microreactors | intensificazione di processo con microreattori
X with a full toxicological dossier | con dossier tossicologico completo
X with reduced VOC emissions | con emissioni di COV ridotte
@SCC urban-data
T urban digital twin platforms | piattaforme di gemello digitale urbano
T air-quality sensor networks | reti di sensori per la qualità dell'aria
T smart street-lighting controllers | controllori per l'illuminazione pubblica intelligente
T LoRaWAN and NB-IoT gateways | gateway LoRaWAN e NB-IoT
U municipalities and metropolitan areas | comuni e città metropolitane
U school surroundings and low-emission zones | le aree scolastiche e le zone a basse emissioni
U public parks and urban forests | i parchi pubblici e la forestazione urbana
U waste collection services | i servizi di raccolta dei rifiuti
M open data publishing with FIWARE | pubblicazione di open data con FIWARE
M geospatial analytics on GIS platforms | analisi geospaziali su piattaforme GIS
M co-location calibration of low-cost sensors | calibrazione per co-locazione di sensori low-cost
X with open APIs for third-party services | con API aperte per servizi di terze parti
X with citizen-facing dashboards | con cruscotti rivolti ai cittadini
@SCC buildings-infrastructure
T structural health monitoring systems for bridges | sistemi di monitoraggio strutturale per ponti
T BIM-based asset management tools | strumenti di gestione patrimoniale basati su BIM
T green roofs and sustainable drainage systems | tetti verdi e sistemi di drenaggio sostenibile
T prefabricated timber building systems | sistemi costruttivi prefabbricati in legno
U social housing retrofits | la riqualificazione dell'edilizia residenziale pubblica
U road tunnels and viaducts | gallerie stradali e viadotti
U school buildings | gli edifici scolastici
U urban heat island mitigation | la mitigazione delle isole di calore urbane
M seismic vulnerability assessment | valutazione della vulnerabilità sismica
M climate adaptation planning | pianificazione dell'adattamento climatico
M InSAR monitoring of ground deformation | monitoraggio InSAR delle deformazioni del suolo
X with wireless accelerometers and strain gauges | con accelerometri ed estensimetri wireless
X with post-occupancy evaluation | con valutazione post-occupazione
@SCC citizen-services
T e-government service platforms | piattaforme di servizi digitali per la pubblica amministrazione
T civic participation apps | app di partecipazione civica
T chatbots for public services | chatbot per i servizi pubblici
T cybersecurity operations centres | centri operativi di sicurezza informatica
U local health and social services | i servizi sociosanitari territoriali
U tourism and cultural heritage | il turismo e i beni culturali
U small municipalities in mountain areas | i piccoli comuni delle aree montane
U emergency management and civil protection | la gestione delle emergenze e la protezione civile
M service design and co-creation with citizens | service design e co-progettazione con i cittadini
M interoperability with the national data platform PDND | interoperabilità con la piattaforma nazionale PDND
M accessibility testing under WCAG 2.1 | verifiche di accessibilità secondo WCAG 2.1
X with SPID and CIE authentication | con autenticazione SPID e CIE
X with multilingual support | con supporto multilingue
@CTAV assistive-ageing
T ambient assisted living sensor kits | kit di sensori per la domotica assistiva
T smart furniture for elderly care | arredi intelligenti per l'assistenza agli anziani
T exoskeletons for caregivers | esoscheletri per operatori assistenziali
T voice assistants for people with cognitive decline | assistenti vocali per persone con declino cognitivo
U independent living at home | la vita indipendente al domicilio
U nursing homes | le residenze sanitarie assistenziali
U people with motor disabilities | persone con disabilità motorie
U dementia care | l'assistenza alle persone con demenza
M user-centred design with older adults | progettazione centrata sull'utente con persone anziane
M activity recognition from ambient sensors | riconoscimento delle attività da sensori ambientali
M usability and acceptability studies | studi di usabilità e accettabilità
X with privacy-preserving edge processing | con elaborazione edge a tutela della privacy
X with integration into home automation systems | con integrazione nei sistemi domotici
@CTAV design-furniture
T modular kitchen systems | sistemi modulari per cucine
T acoustic panels from recycled textiles | pannelli fonoassorbenti da tessili riciclati
T bio-based upholstery materials | materiali per imbottiti di origine biologica
T circadian lighting fixtures | apparecchi di illuminazione circadiana
U residential interiors | gli interni residenziali
U offices and co-working spaces | uffici e spazi di coworking
U hotels and hospitality | l'ospitalità alberghiera
U hospital rooms | le camere di degenza
M design for disassembly | progettazione per il disassemblaggio
M life cycle assessment of furniture | valutazione del ciclo di vita degli arredi
M indoor environmental quality measurement | misura della qualità ambientale indoor
X with Environmental Product Declarations | con dichiarazioni ambientali di prodotto EPD
X with low formaldehyde emissions | con basse emissioni di formaldeide
@CTAV home-wellbeing
T indoor air purification systems | sistemi di purificazione dell'aria indoor
T smart home gateways based on Matter | gateway domotici basati su Matter
T sleep monitoring devices | dispositivi per il monitoraggio del sonno
T home fitness and rehabilitation equipment | attrezzature per il fitness e la riabilitazione domestica
U apartments in multi-family buildings | appartamenti in condomini
U families with young children | le famiglie con bambini piccoli
U remote workers | chi lavora da remoto
U home rehabilitation after orthopaedic surgery | la riabilitazione domiciliare dopo interventi ortopedici
M wireless sensor networks for indoor comfort | reti di sensori wireless per il comfort indoor
M gamification for physical exercise | gamification per l'esercizio fisico
M interoperability testing of connected devices | test di interoperabilità dei dispositivi connessi
X with app-based personal coaching | con coaching personalizzato tramite app
X with energy-saving automation scenarios | con scenari di automazione per il risparmio energetico
"""


def _parse(bank: str) -> dict[str, tuple[Area, ...]]:
    areas: dict[str, list[Area]] = {}
    for block in bank.split("@")[1:]:
        header, *lines = block.strip().splitlines()
        cluster, name = header.split()
        parts: dict[str, list[Pair]] = {"T": [], "U": [], "M": [], "X": []}
        for line in lines:
            en, it = line[2:].split("|")
            parts[line[0]].append((en.strip(), it.strip()))
        area = Area(name, tuple(parts["T"]), tuple(parts["U"]), tuple(parts["M"]), tuple(parts["X"]))
        areas.setdefault(cluster, []).append(area)
    return {cluster: tuple(found) for cluster, found in areas.items()}


#: Technical areas per cluster code.
AREAS: dict[str, tuple[Area, ...]] = _parse(_BANK)

#: (kind, org group) -> (English, Italian) templates; group "*" is the fallback for any group.
FRAMES: dict[tuple[str, str], tuple[Pair, ...]] = {
    ("product", "*"): (
        ("{T} {X} for {U}.", "{T} {X} per {U}."),
        (
            "{T} for {U}, designed and built in {city} and based on {M}.",
            "{T} per {U}: progettazione e produzione interna a {city}, basata su {M}.",
        ),
        (
            "{T} for {U} {X}. More than {n} installations in Italy, Germany and France.",
            "{T} per {U} {X}. Oltre {n} installazioni in Italia, Germania e Francia.",
        ),
    ),
    ("service", "*"): (
        (
            "Design, prototyping and testing services: {T} for {U}.",
            "Servizi di progettazione, prototipazione e collaudo: {T} per {U}.",
        ),
        (
            "Engineering consultancy on {M} for manufacturers of {T}.",
            "Consulenza ingegneristica su {M} per produttori di {T}.",
        ),
        (
            "Laboratory services in {M} supporting projects on {U}.",
            "Servizi di laboratorio di {M} a supporto di progetti per {U}.",
        ),
    ),
    ("service", "public"): (
        (
            "Technology transfer and networking services for members working on {T} for {U}.",
            "Servizi di trasferimento tecnologico e networking per gli associati attivi su {T} per {U}.",
        ),
        (
            "Pre-commercial procurement pilot of {T} for {U}, run with local SMEs and universities.",
            "Sperimentazione in appalto pre-commerciale di {T} per {U}, con PMI e università del territorio.",
        ),
        (
            "Training courses on {M} for technicians and SMEs of the {city} area.",
            "Percorsi di formazione su {M} per tecnici e PMI dell'area di {city}.",
        ),
    ),
    ("project", "*"): (
        (
            "Partner in the {prog} project {acr} ({y0}-{y1}), developing {M} for {U}.",
            "Partner del progetto {prog} {acr} ({y0}-{y1}) sullo sviluppo di {M} per {U}.",
        ),
        (
            "Led an industrial research project with {P} on {T} for {U}, reaching TRL {trl}.",
            "Responsabile di un progetto di ricerca industriale con {P} su {T} per {U}, fino al TRL {trl}.",
        ),
        (
            "Coordinated the {prog} project {acr} on {T} {X}, with {k} partners from {c} countries.",
            "Coordinamento del progetto {prog} {acr} su {T} {X}, con {k} partner da {c} paesi.",
        ),
    ),
    ("publication", "*"): (
        (
            "Journal article on {M} for {U}, with experimental validation on {T}.",
            "Articolo su rivista internazionale su {M} per {U}, con validazione sperimentale su {T}.",
        ),
        (
            "Conference paper comparing approaches to {M} for {U}.",
            "Articolo a congresso che confronta approcci di {M} per {U}.",
        ),
        (
            "Review of {T} for {U}: state of the art, open challenges and a research roadmap.",
            "Rassegna su {T} per {U}: stato dell'arte, sfide aperte e agenda di ricerca.",
        ),
    ),
    ("skill", "*"): (
        (
            "Expertise in {M}, applied to {T} for {U}.",
            "Competenze consolidate in {M}, applicate a {T} per {U}.",
        ),
        ("Team of {n} {staff} skilled in {M} and {M2}.", "Team di {n} {staff} con competenze in {M} e {M2}."),
        (
            "Know-how in {M} for {U}, gained over {k} years of applied projects.",
            "Know-how in {M} per {U}, maturato in {k} anni di progetti applicati.",
        ),
    ),
}
#: Optional second sentences for company products and services.
TAILS: tuple[Pair, ...] = (
    ("In use at {n} customer sites since {y0}.", "In uso presso {n} clienti dal {y0}."),
    ("ISO 9001 certified production in {city}.", "Produzione certificata ISO 9001 a {city}."),
    ("About {pct}% of this business line is exported.", "Circa il {pct}% di questa linea va all'export."),
    ("Developed together with {P}.", "Sviluppo condotto insieme a {P}."),
    ("Typical lead time: {w} weeks.", "Tempi di consegna tipici: {w} settimane."),
    ("Customers include {n} SMEs of the cluster.", "Tra i clienti figurano {n} PMI del cluster."),
)
PARTNERS: tuple[Pair, ...] = (
    ("a large industrial customer", "un grande cliente industriale"),
    ("a university spin-off", "uno spin-off universitario"),
    ("a large Lombard manufacturer", "un grande gruppo manifatturiero lombardo"),
    ("two SMEs of the cluster", "due PMI del cluster"),
    ("a regional hospital", "un'azienda ospedaliera regionale"),
    ("a municipal multi-utility", "una multiutility comunale"),
    ("a German research institute", "un istituto di ricerca tedesco"),
)
#: Funding programmes of projects that started (before 2021, from 2021 on).
PROGRAMMES: tuple[tuple[str, ...], tuple[str, ...]] = (
    ("Horizon 2020", "POR FESR Lombardia 2014-2020", "Interreg Italia-Svizzera", "Eurostars"),
    ("Horizon Europe", "PR FESR Lombardia 2021-2027", "PNRR", "Interreg Italia-Svizzera", "Eurostars"),
)
ACRONYM_HEADS = (
    "AGILE",
    "ROBO",
    "GREEN",
    "TWIN",
    "LUX",
    "NEXT",
    "CIRCE",
    "BIO",
    "HYDRA",
    "AERO",
    "VITA",
    "NUTRI",
    "DATA",
    "SENSE",
    "FLEX",
    "VOLT",
    "CARE",
    "TERRA",
    "NOVA",
    "CITY",
)
ACRONYM_TAILS = ("LAB", "NET", "PRO", "4EU", "X", "MAN", "IA", "ON", "HUB", "2030")
