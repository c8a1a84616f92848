"""The Italian message catalogue: English text (as written in the templates) to Italian."""

from __future__ import annotations

__all__ = ["IT"]

IT: dict[str, str] = {
    # navigation and frame
    "Opportunities": "Opportunità",
    "Members": "Associati",
    "Cross-cluster": "Tra cluster",
    "Metrics": "Metriche",
    "Inbox": "Posta in arrivo",
    "My profile": "Il mio profilo",
    "all clusters": "tutti i cluster",
    "Log out": "Esci",
    "Lombardy Technological Clusters": "Cluster Tecnologici Lombardi",
    "Not for you": "Non è per te",
    "Not found": "Non trovato",
    "Something went wrong": "Qualcosa è andato storto",
    "Back to the start": "Torna all'inizio",
    # log-in
    "Log in": "Accedi",
    "For cluster managers. Members: open the link in your e-mail.": (
        "Per i cluster manager. Associati: aprite il link ricevuto per e-mail."
    ),
    "User name": "Nome utente",
    "Password": "Password",
    "Too many attempts. Wait a few minutes and try again.": (
        "Troppi tentativi. Attendete qualche minuto e riprovate."
    ),
    "Wrong user name or password.": "Nome utente o password errati.",
    # opportunities
    "New opportunity": "Nuova opportunità",
    "Edit opportunity": "Modifica opportunità",
    "No opportunities yet. Publish the first one.": "Ancora nessuna opportunità. Pubblicate la prima.",
    "Title": "Titolo",
    "Kind": "Tipo",
    "Status": "Stato",
    "Deadline": "Scadenza",
    "deadline": "scadenza",
    "Suggestions": "Suggerimenti",
    "Consortia": "Consorzi",
    "Answers": "Risposte",
    "past": "scaduta",
    "published by": "pubblicata da",
    "Published by": "Pubblicata da",
    "Edit": "Modifica",
    "Close": "Chiudi",
    "Withdraw": "Ritira",
    "Reopen": "Riapri",
    "Suggested members": "Associati suggeriti",
    "Current ranking, computed": "Classifica attuale, calcolata il",
    "The matchmaker is ranking the members; this page refreshes by itself.": (
        "Il matchmaker sta ordinando gli associati; la pagina si aggiorna da sola."
    ),
    "No current suggestions: the opportunity is not open.": (
        "Nessun suggerimento: l'opportunità non è aperta."
    ),
    "Evidence": "Evidenze",
    "Why": "Perché",
    "answers": "risponde a",
    "Shared topics": "Temi in comune",
    "Score": "Punteggio",
    "Proposed consortium": "Consorzio proposto",
    "No consortium proposed for this opportunity.": "Nessun consorzio proposto per questa opportunità.",
    "Coverage of the needs": "Copertura dei bisogni",
    "Member": "Associato",
    "Role": "Ruolo",
    "Contribution": "Contributo",
    "Description": "Descrizione",
    "Link (optional)": "Link (facoltativo)",
    "Looking for (leave empty for anyone)": "Cerchiamo (vuoto: chiunque)",
    "SMEs only": "Solo PMI",
    "Save changes": "Salva le modifiche",
    "Publish": "Pubblica",
    "Cancel": "Annulla",
    "What you are looking for; list topics as bullets or Topic 1:, Topic 2:": (
        "Che cosa cercate; elencate i temi per punti o come Tema 1:, Tema 2:"
    ),
    "Please correct the fields marked below; nothing was sent.": (
        "Correggete i campi segnalati qui sotto; non è stato inviato nulla."
    ),
    "This field is required.": "Campo obbligatorio.",
    "Enter a date as YYYY-MM-DD.": "Inserite una data come AAAA-MM-GG.",
    "Enter a valid e-mail address.": "Inserite un indirizzo e-mail valido.",
    "Choose one of the options.": "Scegliete una delle opzioni.",
    "This text is too long.": "Il testo è troppo lungo.",
    # members
    "New member": "Nuovo associato",
    "Edit member": "Modifica associato",
    "Member id": "Codice associato",
    "This id is taken.": "Codice già in uso.",
    "Name": "Nome",
    "Type": "Tipo",
    "Size": "Dimensione",
    "City": "Città",
    "Clusters": "Cluster",
    "Save": "Salva",
    "Search": "Cerca",
    "Search by name": "Cerca per nome",
    "No members found.": "Nessun associato trovato.",
    "Showing the first {n}; search to narrow down.": "Sono mostrati i primi {n}; cercate per restringere.",
    "Competencies": "Competenze",
    "Profile": "Profilo",
    "Innovation ecosystems": "Ecosistemi dell'innovazione",
    "Notifications": "Notifiche",
    "from score": "da punteggio",
    "at most {n} a day": "al massimo {n} al giorno",
    "off": "disattivate",
    "E-mail": "E-mail",
    "Language": "Lingua",
    "Updated": "Aggiornato",
    "Suggestions received": "Suggerimenti ricevuti",
    "None yet.": "Ancora nessuno.",
    "Opportunity": "Opportunità",
    "Stage": "Fase",
    "Competencies, one per line": "Competenze, una per riga",
    "E-mail for notifications": "E-mail per le notifiche",
    "Tell me about new matches": "Avvisatemi dei nuovi abbinamenti",
    "Only from score": "Solo da punteggio",
    "At most per day": "Al massimo al giorno",
    "How": "Come",
    # member side
    "Opportunities the matchmaker found for you, newest first. Tell us what you think: "
    "your answers improve the next suggestions.": (
        "Le opportunità che il matchmaker ha trovato per voi, le più recenti in alto. "
        "Diteci che cosa ne pensate: le vostre risposte migliorano i prossimi suggerimenti."
    ),
    "Nothing yet. We will write to you when a good match comes in.": (
        "Ancora niente. Vi scriveremo quando arriva un buon abbinamento."
    ),
    "Your answer": "La vostra risposta",
    "Accept": "Accetta",
    "Decline": "Rifiuta",
    "We contacted them": "Li abbiamo contattati",
    "Why this match?": "Perché questo abbinamento?",
    "Notifications sent to you": "Notifiche inviate",
    "Date": "Data",
    "Saved. The matchmaker is looking at your new profile.": (
        "Salvato. Il matchmaker sta esaminando il nuovo profilo."
    ),
    "What you can do, each on its own line: products, services, projects, publications, skills. "
    "Concrete words find better partners.": (
        "Che cosa sapete fare, una voce per riga: prodotti, servizi, progetti, pubblicazioni, competenze. "
        "Parole concrete trovano partner migliori."
    ),
    "Why we matched you": "Perché vi abbiamo abbinati",
    "Your place in the list: {rank}, with a score of {score} out of 1.": (
        "La vostra posizione in classifica: {rank}, con un punteggio di {score} su 1."
    ),
    "How close your evidence is to what they need": "Quanto le vostre evidenze sono vicine a ciò che cercano",
    "You complete their team (industry and research)": "Completate la loro squadra (industria e ricerca)",
    "You share an innovation ecosystem": "Condividete un ecosistema dell'innovazione",
    "You are in another cluster: a cross-cluster link": "Siete in un altro cluster: un legame tra cluster",
    "How much evidence your profile shows": "Quante evidenze mostra il vostro profilo",
    "Words you have in common": "Parole in comune",
    "The evidence from your profile": "Le evidenze dal vostro profilo",
    "The opportunity": "L'opportunità",
    "Back to answer it": "Torna a rispondere",
    # regional view
    "Cross-cluster collaboration": "Collaborazione tra cluster",
    "from ↓ to →": "da ↓ a →",
    "Each cell: suggestions from opportunities of the row's cluster to members of the column's cluster; "
    "below, how many were accepted · partnered. Off the diagonal is cross-cluster.": (
        "Ogni cella: suggerimenti dalle opportunità del cluster della riga agli associati del cluster della "
        "colonna; sotto, quanti accettati · diventati partner. Fuori dalla diagonale è tra cluster."
    ),
    "Between clusters": "Tra cluster",
    "Between innovation ecosystems": "Tra ecosistemi dell'innovazione",
    "Download CSV": "Scarica CSV",
    "Outcome funnel": "Imbuto dei risultati",
    "Your opportunities": "Le vostre opportunità",
    "All clusters": "Tutti i cluster",
    "Region": "Regione",
    # labels of codes (web.i18n.LABELS)
    "Call for proposals": "Bando",
    "Partner search": "Ricerca partner",
    "Technology need": "Bisogno tecnologico",
    "Technology offer": "Offerta tecnologica",
    "Project idea": "Idea progettuale",
    "Open": "Aperta",
    "Closed": "Chiusa",
    "Withdrawn": "Ritirata",
    "Expired": "Scaduta",
    "Company": "Impresa",
    "SME": "PMI",
    "University": "Università",
    "Research centre": "Centro di ricerca",
    "Public body": "Ente pubblico",
    "Other": "Altro",
    "Micro": "Micro",
    "Small": "Piccola",
    "Medium": "Media",
    "Large": "Grande",
    "Advanced manufacturing": "Manifattura avanzata",
    "Nutrition": "Nutrizione",
    "Health and life sciences": "Salute e scienze della vita",
    "Culture and knowledge": "Cultura e conoscenza",
    "Connectivity and information": "Connettività e informazione",
    "Smart mobility and architecture": "Smart mobility e architettura",
    "Sustainability": "Sostenibilità",
    "Social development": "Sviluppo sociale",
    "Suggested": "Suggerito",
    "Accepted": "Accettato",
    "Contacted": "Contattato",
    "Met": "Incontrato",
    "Partnered": "Partner",
    "Declined": "Rifiutato",
    "Product": "Prodotto",
    "Publication": "Pubblicazione",
    "Project": "Progetto",
    "Service": "Servizio",
    "Skill": "Competenza",
    "Immediate": "Immediate",
    "Daily digest": "Riepilogo giornaliero",
    "a company": "un'impresa",
    "a research partner": "un partner di ricerca",
    "not all in one cluster": "non tutti nello stesso cluster",
    "enough members": "membri sufficienti",
}
