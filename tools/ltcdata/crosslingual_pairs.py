"""Hand-written Italian ↔ English test pairs: one competency or opportunity sentence, two languages.

Faithful translations, topically distinct but sharing domains and words (docs/TOOLS.md). Used by
``matchmaker eval --only crosslingual`` and ``tests/matcher/test_crosslingual.py``.
"""

# ruff: noqa: E501  (one hand-written sentence per line reads better than split strings)
from __future__ import annotations

__all__ = ["CROSSLINGUAL_PAIRS", "PAIRS_BY_DOMAIN"]

#: (italian, english) pairs by Lombardy domain.
PAIRS_BY_DOMAIN: dict[str, list[tuple[str, str]]] = {
    "advanced_manufacturing": [
        (
            "Sviluppiamo processi di fusione laser a letto di polvere per componenti in lega di titanio, con ottimizzazione dei parametri e controllo della porosità tramite tomografia computerizzata.",
            "We develop laser powder bed fusion processes for titanium alloy components, with parameter optimisation and porosity control through computed tomography.",
        ),
        (
            "Cerchiamo un partner per integrare la manutenzione predittiva sui centri di lavoro CNC, analizzando le vibrazioni dei mandrini con algoritmi di apprendimento automatico.",
            "We are looking for a partner to integrate predictive maintenance on CNC machining centres, analysing spindle vibrations with machine learning algorithms.",
        ),
        (
            "Progettiamo celle robotizzate collaborative per la saldatura di piccoli lotti, in cui l'operatore insegna la traiettoria guidando a mano il braccio del robot.",
            "We design collaborative robotic cells for welding small batches, where the operator teaches the trajectory by guiding the robot arm by hand.",
        ),
        (
            "Offriamo gemelli digitali dello stampaggio a iniezione di materie plastiche, che prevedono ritiri e deformazioni del pezzo prima della costruzione dello stampo.",
            "We offer digital twins of plastic injection moulding that predict part shrinkage and warpage before the mould is built.",
        ),
        (
            "Il nostro sistema di visione artificiale rileva in linea graffi e ammaccature su lamiere verniciate, classificando i difetti con reti neurali convoluzionali.",
            "Our machine vision system detects scratches and dents on painted sheet metal in line, classifying the defects with convolutional neural networks.",
        ),
        (
            "Cerchiamo competenze per recuperare l'energia di frenatura delle presse idrauliche e ridurre i consumi elettrici del reparto di stampaggio a freddo.",
            "We are seeking expertise to recover braking energy from hydraulic presses and reduce the electricity consumption of the cold forming department.",
        ),
        (
            "Realizziamo utensili da taglio con rivestimenti ceramici nanostrutturati che prolungano la durata nella lavorazione delle superleghe a base di nichel.",
            "We manufacture cutting tools with nanostructured ceramic coatings that extend tool life when machining nickel-based superalloys.",
        ),
    ],
    "agrifood": [
        (
            "Sviluppiamo imballaggi compostabili a base di amido e polpa di cellulosa per formaggi freschi, con una barriera all'ossigeno adeguata a tre settimane di conservazione.",
            "We develop compostable packaging based on starch and cellulose pulp for fresh cheeses, with an oxygen barrier suitable for three weeks of shelf life.",
        ),
        (
            "Cerchiamo un laboratorio in grado di autenticare l'origine del riso Carnaroli tramite l'analisi degli isotopi stabili e i profili genetici.",
            "We are looking for a laboratory able to authenticate the origin of Carnaroli rice through stable isotope analysis and genetic profiles.",
        ),
        (
            "Offriamo sensori nel suolo e modelli agronomici per l'irrigazione di precisione del mais, che riducono il consumo di acqua senza perdite di resa.",
            "We offer in-soil sensors and agronomic models for the precision irrigation of maize, which reduce water consumption without yield losses.",
        ),
        (
            "Il nostro caseificio vuole valorizzare il siero di latte estraendone le proteine per integratori sportivi mediante ultrafiltrazione a membrana.",
            "Our dairy wants to add value to whey by extracting its proteins for sports supplements through membrane ultrafiltration.",
        ),
        (
            "Studiamo la riduzione delle emissioni di ammoniaca negli allevamenti di suini attraverso la copertura delle vasche di liquame e additivi alimentari.",
            "We study the reduction of ammonia emissions in pig farms through the covering of slurry tanks and feed additives.",
        ),
        (
            "Cerchiamo partner per prolungare la conservazione delle insalate di quarta gamma con atmosfera modificata e lavaggio con acqua elettrolizzata.",
            "We are seeking partners to extend the shelf life of packaged fresh-cut salads with modified atmosphere and washing with electrolysed water.",
        ),
        (
            "Sviluppiamo una piattaforma di tracciabilità basata su registro distribuito per la filiera dei salumi DOP, dal macello al punto vendita.",
            "We develop a traceability platform based on a distributed ledger for the PDO cured meat supply chain, from the slaughterhouse to the point of sale.",
        ),
    ],
    "life_sciences": [
        (
            "Il nostro gruppo sviluppa anticorpi monoclonali bispecifici contro i tumori solidi e ne valuta l'efficacia in modelli di xenotrapianto.",
            "Our group develops bispecific monoclonal antibodies against solid tumours and evaluates their efficacy in xenograft models.",
        ),
        (
            "Cerchiamo un partner clinico per validare un algoritmo che individua la retinopatia diabetica nelle immagini del fondo oculare.",
            "We are looking for a clinical partner to validate an algorithm that detects diabetic retinopathy in fundus images.",
        ),
        (
            "Produciamo tessuti cutanei ingegnerizzati con la biostampa tridimensionale per i test di tossicità dei cosmetici senza sperimentazione animale.",
            "We produce engineered skin tissues with three-dimensional bioprinting for cosmetic toxicity testing without animal experimentation.",
        ),
        (
            "Offriamo servizi di sequenziamento dell'intero genoma per la diagnosi delle malattie rare in età pediatrica, con l'interpretazione delle varianti.",
            "We offer whole-genome sequencing services for the diagnosis of rare diseases in children, with the interpretation of variants.",
        ),
        (
            "Progettiamo dispositivi indossabili che monitorano a distanza l'aritmia cardiaca nei pazienti dimessi dopo un intervento chirurgico.",
            "We design wearable devices that remotely monitor cardiac arrhythmia in patients discharged after surgery.",
        ),
        (
            "Cerchiamo competenze nella formulazione di nanoparticelle lipidiche per il rilascio di RNA messaggero nei vaccini veterinari.",
            "We are seeking expertise in the formulation of lipid nanoparticles for the delivery of messenger RNA in veterinary vaccines.",
        ),
        (
            "Sviluppiamo protesi d'anca in titanio poroso con una superficie trattata per favorire l'osteointegrazione e ridurre le infezioni.",
            "We develop porous titanium hip prostheses with a treated surface to promote osseointegration and reduce infections.",
        ),
    ],
    "mobility": [
        (
            "Sviluppiamo sistemi di gestione termica per i pacchi batteria dei veicoli elettrici, con piastre di raffreddamento a liquido e controllo della temperatura delle celle.",
            "We develop thermal management systems for electric vehicle battery packs, with liquid cooling plates and cell temperature control.",
        ),
        (
            "Cerchiamo un partner per la manutenzione predittiva dei carrelli ferroviari basata sull'analisi acustica delle boccole durante il servizio.",
            "We are looking for a partner for the predictive maintenance of railway bogies based on the acoustic analysis of axle boxes during service.",
        ),
        (
            "Offriamo un software di ottimizzazione dei percorsi per la consegna urbana dell'ultimo miglio con furgoni elettrici e finestre orarie.",
            "We offer route optimisation software for urban last-mile delivery with electric vans and time windows.",
        ),
        (
            "Progettiamo telai leggeri in materiale composito a fibra di carbonio per biciclette a pedalata assistita.",
            "We design lightweight carbon fibre composite frames for pedal-assisted bicycles.",
        ),
        (
            "Il nostro laboratorio prova la fusione dei dati di radar e telecamere per la guida autonoma in condizioni di nebbia e di pioggia intensa.",
            "Our laboratory tests the fusion of radar and camera data for autonomous driving in fog and heavy rain.",
        ),
        (
            "Cerchiamo un fornitore di stazioni di ricarica bidirezionali che permettano ai veicoli elettrici della flotta aziendale di restituire energia alla rete.",
            "We are looking for a supplier of bidirectional charging stations that allow the electric vehicles of the company fleet to return energy to the grid.",
        ),
    ],
    "energy": [
        (
            "Sviluppiamo elettrolizzatori a membrana a scambio protonico per produrre idrogeno verde dall'energia fotovoltaica in eccesso.",
            "We develop proton exchange membrane electrolysers to produce green hydrogen from surplus photovoltaic energy.",
        ),
        (
            "Cerchiamo partner per trasformare una rete di teleriscaldamento esistente in una rete a bassa temperatura alimentata da pompe di calore.",
            "We are seeking partners to turn an existing district heating network into a low-temperature network supplied by heat pumps.",
        ),
        (
            "Offriamo il monitoraggio con droni e termografia degli impianti fotovoltaici per individuare le celle danneggiate e i punti caldi.",
            "We offer monitoring of photovoltaic plants with drones and thermography to locate damaged cells and hot spots.",
        ),
        (
            "Il nostro gruppo di ricerca studia batterie al sodio per l'accumulo stazionario, con catodi a base di ossidi stratificati privi di cobalto.",
            "Our research group studies sodium batteries for stationary storage, with cathodes based on cobalt-free layered oxides.",
        ),
        (
            "Progettiamo comunità energetiche rinnovabili per piccoli comuni, con piattaforme che ripartiscono l'energia condivisa tra i membri.",
            "We design renewable energy communities for small municipalities, with platforms that allocate the shared energy among the members.",
        ),
        (
            "Cerchiamo competenze per produrre biometano dalla digestione anaerobica dei reflui zootecnici e degli scarti agricoli.",
            "We are seeking expertise to produce biomethane from the anaerobic digestion of livestock effluents and agricultural waste.",
        ),
        (
            "Sviluppiamo cavi superconduttori per la distribuzione dell'energia elettrica in media tensione nei centri urbani densamente popolati.",
            "We develop superconducting cables for medium-voltage electricity distribution in densely populated urban centres.",
        ),
    ],
    "aerospace": [
        (
            "Progettiamo piccoli satelliti per l'osservazione della Terra con sensori iperspettrali dedicati al monitoraggio delle colture.",
            "We design small satellites for Earth observation with hyperspectral sensors dedicated to crop monitoring.",
        ),
        (
            "Cerchiamo un laboratorio per prove non distruttive a ultrasuoni su pannelli compositi di fusoliera con danni da impatto.",
            "We are looking for a laboratory for ultrasonic non-destructive testing of composite fuselage panels with impact damage.",
        ),
        (
            "Offriamo simulazioni fluidodinamiche delle pale del rotore degli elicotteri per ridurre il rumore in fase di atterraggio.",
            "We offer fluid dynamics simulations of helicopter rotor blades to reduce noise during landing.",
        ),
        (
            "Sviluppiamo sistemi di propulsione elettrica a effetto Hall per mantenere in orbita le costellazioni di satelliti.",
            "We develop Hall-effect electric propulsion systems to keep satellite constellations in orbit.",
        ),
        (
            "Cerchiamo partner per certificare droni per il trasporto di campioni sanitari tra ospedali nello spazio aereo urbano.",
            "We are seeking partners to certify drones for transporting medical samples between hospitals in urban airspace.",
        ),
        (
            "Realizziamo componenti di motori aeronautici in lega di nichel mediante microfusione a cera persa e pressatura isostatica a caldo.",
            "We produce aircraft engine components in nickel alloy by lost-wax investment casting and hot isostatic pressing.",
        ),
        (
            "Cerchiamo competenze per qualificare alle radiazioni componenti elettronici commerciali destinati a missioni spaziali in orbita bassa.",
            "We are seeking expertise to qualify commercial electronic components against radiation for space missions in low orbit.",
        ),
    ],
    "green_chemistry": [
        (
            "Produciamo bioplastiche di acido polilattico ottenuto dalla fermentazione degli zuccheri di scarto dell'industria alimentare.",
            "We produce polylactic acid bioplastics obtained from the fermentation of waste sugars from the food industry.",
        ),
        (
            "Cerchiamo un partner per sostituire i solventi clorurati nella sintesi di principi attivi farmaceutici con solventi derivati da biomassa.",
            "We are looking for a partner to replace chlorinated solvents in the synthesis of active pharmaceutical ingredients with biomass-derived solvents.",
        ),
        (
            "Sviluppiamo il riciclo chimico dei rifiuti plastici misti tramite pirolisi catalitica, per ottenere oli da reimmettere negli impianti di cracking.",
            "We develop the chemical recycling of mixed plastic waste through catalytic pyrolysis, to obtain oils to be fed back into cracking plants.",
        ),
        (
            "Offriamo enzimi immobilizzati per la produzione a bassa temperatura di tensioattivi biodegradabili.",
            "We offer immobilised enzymes for the low-temperature production of biodegradable surfactants.",
        ),
        (
            "Il nostro gruppo cattura l'anidride carbonica dai fumi industriali e la converte in metanolo con catalizzatori a base di rame.",
            "Our group captures carbon dioxide from industrial flue gases and converts it into methanol with copper-based catalysts.",
        ),
        (
            "Cerchiamo competenze per estrarre dalle vinacce, con anidride carbonica supercritica, polifenoli destinati alla cosmetica.",
            "We are seeking expertise to extract polyphenols for cosmetics from grape pomace with supercritical carbon dioxide.",
        ),
    ],
    "smart_cities": [
        (
            "Sviluppiamo una piattaforma che regola i semafori in tempo reale in base ai flussi di traffico rilevati dalle telecamere agli incroci.",
            "We develop a platform that adjusts traffic lights in real time according to the traffic flows detected by cameras at intersections.",
        ),
        (
            "Offriamo sensori a basso costo per la qualità dell'aria che misurano le polveri sottili e il biossido di azoto nelle scuole.",
            "We offer low-cost air quality sensors that measure fine particulate matter and nitrogen dioxide in schools.",
        ),
        (
            "Cerchiamo un partner per individuare le perdite nella rete idrica comunale con sensori acustici e modelli idraulici.",
            "We are looking for a partner to detect leaks in the municipal water network with acoustic sensors and hydraulic models.",
        ),
        (
            "Progettiamo sistemi di illuminazione pubblica a LED che regolano l'intensità della luce in base alla presenza di pedoni e veicoli.",
            "We design LED public lighting systems that adjust the light intensity according to the presence of pedestrians and vehicles.",
        ),
        (
            "Il nostro software prevede la domanda di parcheggio e guida gli automobilisti verso i posti liberi tramite un'applicazione.",
            "Our software forecasts parking demand and guides drivers to free spaces through an app.",
        ),
        (
            "Cerchiamo competenze per monitorare lo stato strutturale di ponti e viadotti con fibre ottiche e analisi dei dati.",
            "We are seeking expertise to monitor the structural health of bridges and viaducts with optical fibres and data analysis.",
        ),
        (
            "Sviluppiamo contenitori intelligenti per la raccolta differenziata che misurano il livello di riempimento e ottimizzano i giri di svuotamento.",
            "We develop smart bins for separate waste collection that measure the fill level and optimise the emptying rounds.",
        ),
    ],
    "textiles_fashion": [
        (
            "Sviluppiamo tessuti tecnici ignifughi per le divise dei vigili del fuoco, con fibre aramidiche e membrane traspiranti.",
            "We develop flame-retardant technical fabrics for firefighter uniforms, with aramid fibres and breathable membranes.",
        ),
        (
            "Cerchiamo un partner per riciclare gli scarti di lana della filatura in nuovi filati cardati a basso impatto ambientale.",
            "We are looking for a partner to recycle wool waste from spinning into new carded yarns with a low environmental impact.",
        ),
        (
            "Offriamo la tintura della seta con coloranti naturali estratti da piante e scarti agricoli, con un ridotto consumo di acqua.",
            "We offer silk dyeing with natural dyes extracted from plants and agricultural waste, with reduced water consumption.",
        ),
        (
            "Progettiamo indumenti sensorizzati che misurano la frequenza respiratoria degli atleti grazie a filati conduttivi intrecciati nel tessuto.",
            "We design sensorised garments that measure the breathing rate of athletes thanks to conductive yarns woven into the fabric.",
        ),
        (
            "Il nostro marchio di moda cerca un sistema di passaporto digitale del prodotto che documenti la composizione e la riparabilità di ogni capo.",
            "Our fashion brand is looking for a digital product passport system that documents the composition and repairability of each garment.",
        ),
        (
            "Sviluppiamo finissaggi privi di composti perfluorurati che rendono idrorepellenti i tessuti per l'abbigliamento outdoor.",
            "We develop finishes free of perfluorinated compounds that make fabrics for outdoor clothing water-repellent.",
        ),
    ],
}

#: All pairs, domain by domain: ``(italian, english)``.
CROSSLINGUAL_PAIRS: list[tuple[str, str]] = [pair for pairs in PAIRS_BY_DOMAIN.values() for pair in pairs]
