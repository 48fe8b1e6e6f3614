<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Breezee::AboutDialog</name>
    <message>
        <source>About Breezee Integrations Console</source>
        <translation>Über Breezee Integrations Console</translation>
    </message>
    <message>
        <source>Application icon</source>
        <translation>Programmsymbol</translation>
    </message>
    <message>
        <source>Breezee Integrations Console</source>
        <translation>Breezee Integrations Console</translation>
    </message>
    <message>
        <source>Application name</source>
        <translation>Programmname</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Connects HubSpot with OAuth 2.0 and syncs prospects one way into HubSpot contacts.</source>
        <translation>Verbindet HubSpot über OAuth 2.0 und überträgt Interessenten in eine Richtung in HubSpot-Kontakte.</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>This installation</source>
        <translation>Diese Installation</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>Profil:</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Data directory:</source>
        <translation>Datenverzeichnis:</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>Datenverzeichnis</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Datenbank:</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>Credentials file:</source>
        <translation>Zugangsdatendatei:</translation>
    </message>
    <message>
        <source>Credentials file</source>
        <translation>Zugangsdatendatei</translation>
    </message>
    <message>
        <source>Bundled sample data</source>
        <translation>Mitgelieferte Beispieldaten</translation>
    </message>
    <message>
        <source>Sample data licences</source>
        <translation>Lizenzen der Beispieldaten</translation>
    </message>
    <message>
        <source>Version %1 · Qt %2 (built with Qt %3)</source>
        <translation>Version %1 · Qt %2 (erstellt mit Qt %3)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Contacts sample&lt;/b&gt; from the atomic-crm project, under the MIT License.</source>
        <translation>&lt;b&gt;Kontakt-Beispieldaten&lt;/b&gt; aus dem Projekt atomic-crm, unter der MIT-Lizenz.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Salesforce leads sample&lt;/b&gt;, dedicated to the public domain under CC0 1.0 Universal.</source>
        <translation>&lt;b&gt;Salesforce-Lead-Beispieldaten&lt;/b&gt;, nach CC0 1.0 Universal gemeinfrei.</translation>
    </message>
    <message>
        <source>Build %1</source>
        <translation>Build %1</translation>
    </message>
</context>
<context>
    <name>Breezee::ActivityModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Prospect</source>
        <translation>Interessent</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>The activity log cannot be read because the database connection is not open.</source>
        <translation>Das Aktivitätsprotokoll kann nicht gelesen werden, weil die Datenbankverbindung nicht offen ist.</translation>
    </message>
    <message>
        <source>Reading the activity log failed: %1</source>
        <translation>Das Aktivitätsprotokoll konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Unverändert</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Neuer Versuch</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>Sync run</source>
        <translation>Sync-Lauf</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Stapel</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Trennen</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Prospect %1</source>
        <translation>Interessent %1</translation>
    </message>
    <message>
        <source>Existing contact</source>
        <translation>Vorhandener Kontakt</translation>
    </message>
    <message>
        <source>Contact id changed</source>
        <translation>Kontakt-ID geändert</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Eigenschaften</translation>
    </message>
    <message>
        <source>First sync waiting</source>
        <translation>Erste Synchronisierung wartet</translation>
    </message>
    <message>
        <source>First sync confirmed</source>
        <translation>Erste Synchronisierung bestätigt</translation>
    </message>
    <message>
        <source>First sync cancelled</source>
        <translation>Erste Synchronisierung abgebrochen</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>Anmeldung</translation>
    </message>
</context>
<context>
    <name>Breezee::ActivityPage</name>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>Page title</source>
        <translation>Seitentitel</translation>
    </message>
    <message>
        <source>Entry count</source>
        <translation>Anzahl der Einträge</translation>
    </message>
    <message>
        <source>Search the activity log</source>
        <translation>Aktivitätsprotokoll durchsuchen</translation>
    </message>
    <message>
        <source>Search messages, emails and names</source>
        <translation>Meldungen, E-Mails, Namen</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>&amp;Stufe:</translation>
    </message>
    <message>
        <source>Filter by level</source>
        <translation>Nach Stufe filtern</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>Filter by kind</source>
        <translation>Nach Art filtern</translation>
    </message>
    <message>
        <source>Show the entries of every prospect again</source>
        <translation>Wieder die Einträge aller Interessenten anzeigen</translation>
    </message>
    <message>
        <source>Pause live updates</source>
        <translation>Live-Aktualisierung anhalten</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>An&amp;halten</translation>
    </message>
    <message>
        <source>Save the entries shown as a CSV file</source>
        <translation>Die angezeigten Einträge als CSV-Datei speichern</translation>
    </message>
    <message>
        <source>Export the entries shown as CSV</source>
        <translation>Angezeigte Einträge als CSV exportieren</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren …</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Fehlermeldung</translation>
    </message>
    <message>
        <source>Activity log</source>
        <translation>Aktivitätsprotokoll</translation>
    </message>
    <message>
        <source>Double-click an entry to open its prospect in Contacts</source>
        <translation>Doppelklicken Sie auf einen Eintrag, um seinen Interessenten unter Kontakte zu öffnen</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>Alle Stufen</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Nur Fehler</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <source>Show only this &amp;prospect&apos;s entries</source>
        <translation>Nur die Einträge dieses &amp;Interessenten anzeigen</translation>
    </message>
    <message>
        <source>&amp;Open prospect in Contacts</source>
        <translation>Interessenten unter Kontakte ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Prospect %1</source>
        <translation>Interessent %1</translation>
    </message>
    <message>
        <source>Only %1</source>
        <translation>Nur %1</translation>
    </message>
    <message>
        <source>Remove the filter on %1</source>
        <translation>Filter auf %1 entfernen</translation>
    </message>
    <message>
        <source>Export activity as CSV</source>
        <translation>Aktivität als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
    <message>
        <source>Unavailable</source>
        <translation>Nicht verfügbar</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>New entries are read when you resume.</source>
        <translation>Neue Einträge werden gelesen, sobald Sie fortsetzen.</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Resume live updates</source>
        <translation>Live-Aktualisierung fortsetzen</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>New entries appear as the sync writes them.</source>
        <translation>Neue Einträge erscheinen, sobald die Synchronisierung sie schreibt.</translation>
    </message>
    <message>
        <source>1 entry</source>
        <translation>1 Eintrag</translation>
    </message>
    <message>
        <source>%1 entries</source>
        <translation>%1 Einträge</translation>
    </message>
    <message>
        <source>%1 shown</source>
        <translation>%1 angezeigt</translation>
    </message>
    <message>
        <source>newest %1 kept</source>
        <translation>die neuesten %1 behalten</translation>
    </message>
    <message>
        <source>The activity log is not available</source>
        <translation>Das Aktivitätsprotokoll ist nicht verfügbar</translation>
    </message>
    <message>
        <source>No matching entries</source>
        <translation>Keine passenden Einträge</translation>
    </message>
    <message>
        <source>No entry matches the search, the kind and the prospect filter.</source>
        <translation>Kein Eintrag passt zur Suche, zur Art und zum Interessentenfilter.</translation>
    </message>
    <message>
        <source>No sync activity yet</source>
        <translation>Noch keine Synchronisierungsaktivität</translation>
    </message>
    <message>
        <source>Entries appear here as soon as the sync runs.</source>
        <translation>Einträge erscheinen hier, sobald die Synchronisierung läuft.</translation>
    </message>
    <message>
        <source>No entries at this level</source>
        <translation>Keine Einträge auf dieser Stufe</translation>
    </message>
    <message>
        <source>Choose &quot;All levels&quot; to see every entry.</source>
        <translation>Wählen Sie „Alle Stufen“, um alle Einträge zu sehen.</translation>
    </message>
</context>
<context>
    <name>Breezee::CompanyChoicePanel</name>
    <message>
        <source>HubSpot companies with this name</source>
        <translation>HubSpot-Firmen mit diesem Namen</translation>
    </message>
    <message>
        <source>HubSpot ID</source>
        <translation>HubSpot-ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>C&amp;hoose</source>
        <translation>&amp;Auswählen</translation>
    </message>
    <message>
        <source>Link the selected HubSpot company</source>
        <translation>Die ausgewählte HubSpot-Firma verknüpfen</translation>
    </message>
    <message>
        <source>Company chosen</source>
        <translation>Firma ausgewählt</translation>
    </message>
    <message>
        <source>HubSpot company %1 was chosen for &quot;%2&quot;; the next sync links it. Choose another to change it.</source>
        <translation>Für „%2“ wurde die HubSpot-Firma %1 ausgewählt; die nächste Synchronisierung verknüpft sie. Wählen Sie eine andere, um das zu ändern.</translation>
    </message>
    <message>
        <source>Company ambiguous</source>
        <translation>Firma nicht eindeutig</translation>
    </message>
    <message>
        <source>%1 HubSpot companies are named &quot;%2&quot;, so the sync linked none. Choose the one this prospect works for.</source>
        <translation>%1 HubSpot-Firmen heißen „%2“, daher hat die Synchronisierung keine verknüpft. Wählen Sie die Firma, für die dieser Interessent arbeitet.</translation>
    </message>
    <message>
        <source>The candidates are no longer stored. Resync the company link to look them up again.</source>
        <translation>Die Kandidaten sind nicht mehr gespeichert. Synchronisieren Sie die Firmenverknüpfung erneut, um sie wieder nachzuschlagen.</translation>
    </message>
    <message>
        <source>HubSpot company %1 (%2) will be linked at the next sync.</source>
        <translation>Die HubSpot-Firma %1 (%2) wird bei der nächsten Synchronisierung verknüpft.</translation>
    </message>
</context>
<context>
    <name>Breezee::ContactsModel</name>
    <message>
        <source>Reading the contact list failed: %1</source>
        <translation>Die Kontaktliste konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Not synced</source>
        <translation>Nicht synchronisiert</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>In der Warteschlange</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Synchronisiert</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>Sync-Status</translation>
    </message>
    <message>
        <source>HubSpot ID</source>
        <translation>HubSpot-ID</translation>
    </message>
    <message>
        <source>Last synced</source>
        <translation>Zuletzt synchronisiert</translation>
    </message>
    <message>
        <source>The contact list cannot be read because the database connection is not open.</source>
        <translation>Die Kontaktliste kann nicht gelesen werden, weil die Datenbankverbindung nicht offen ist.</translation>
    </message>
    <message>
        <source>Waiting in the sync queue. The last attempt failed: %1</source>
        <translation>Wartet in der Sync-Warteschlange. Der letzte Versuch ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Waiting in the sync queue.</source>
        <translation>Wartet in der Sync-Warteschlange.</translation>
    </message>
    <message>
        <source>The last sync attempt failed.</source>
        <translation>Der letzte Synchronisierungsversuch ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The last sync attempt failed: %1</source>
        <translation>Der letzte Synchronisierungsversuch ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Up to date in HubSpot.</source>
        <translation>In HubSpot auf dem neuesten Stand.</translation>
    </message>
    <message>
        <source>Not sent to HubSpot yet.</source>
        <translation>Noch nicht an HubSpot gesendet.</translation>
    </message>
</context>
<context>
    <name>Breezee::ContactsPage</name>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>Page title</source>
        <translation>Seitentitel</translation>
    </message>
    <message>
        <source>Prospect counts</source>
        <translation>Anzahl der Interessenten</translation>
    </message>
    <message>
        <source>Search contacts</source>
        <translation>Kontakte durchsuchen</translation>
    </message>
    <message>
        <source>Search name, email, company or HubSpot ID</source>
        <translation>Name, E-Mail, Firma, HubSpot-ID</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>Filter by sync status</source>
        <translation>Nach Sync-Status filtern</translation>
    </message>
    <message>
        <source>Put the selected prospects back on the sync queue</source>
        <translation>Die ausgewählten Interessenten wieder in die Sync-Warteschlange stellen</translation>
    </message>
    <message>
        <source>Resync selected prospects</source>
        <translation>Ausgewählte Interessenten erneut synchronisieren</translation>
    </message>
    <message>
        <source>&amp;Resync</source>
        <translation>E&amp;rneut synchronisieren</translation>
    </message>
    <message>
        <source>Put every prospect back on the sync queue</source>
        <translation>Alle Interessenten wieder in die Sync-Warteschlange stellen</translation>
    </message>
    <message>
        <source>Resync all prospects</source>
        <translation>Alle Interessenten erneut synchronisieren</translation>
    </message>
    <message>
        <source>Resync &amp;all…</source>
        <translation>&amp;Alle erneut synchronisieren …</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Fehlermeldung</translation>
    </message>
    <message>
        <source>Contacts table</source>
        <translation>Kontakttabelle</translation>
    </message>
    <message>
        <source>Empty list action</source>
        <translation>Aktion für die leere Liste</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Synchronisiert</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>In der Warteschlange</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Not synced</source>
        <translation>Nicht synchronisiert</translation>
    </message>
    <message>
        <source>Copy &amp;email</source>
        <translation>&amp;E-Mail kopieren</translation>
    </message>
    <message>
        <source>Copy &amp;HubSpot ID</source>
        <translation>&amp;HubSpot-ID kopieren</translation>
    </message>
    <message>
        <source>1 prospect put back on the sync queue.</source>
        <translation>1 Interessent wurde wieder in die Sync-Warteschlange gestellt.</translation>
    </message>
    <message>
        <source>%1 prospects put back on the sync queue.</source>
        <translation>%1 Interessenten wurden wieder in die Sync-Warteschlange gestellt.</translation>
    </message>
    <message>
        <source>Resync all %1 prospects?</source>
        <translation>Alle %1 Interessenten erneut synchronisieren?</translation>
    </message>
    <message>
        <source>Every prospect goes back on the sync queue and is sent to HubSpot again.</source>
        <translation>Jeder Interessent kommt wieder in die Sync-Warteschlange und wird erneut an HubSpot gesendet.</translation>
    </message>
    <message>
        <source>&amp;Resync all</source>
        <translation>&amp;Alle erneut synchronisieren</translation>
    </message>
    <message>
        <source>All prospects put back on the sync queue.</source>
        <translation>Alle Interessenten wurden wieder in die Sync-Warteschlange gestellt.</translation>
    </message>
    <message>
        <source>1 prospect</source>
        <translation>1 Interessent</translation>
    </message>
    <message>
        <source>%1 prospects</source>
        <translation>%1 Interessenten</translation>
    </message>
    <message>
        <source>%1 synced</source>
        <translation>%1 synchronisiert</translation>
    </message>
    <message>
        <source>%1 queued</source>
        <translation>%1 in der Warteschlange</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 shown</source>
        <translation>%1 angezeigt</translation>
    </message>
    <message>
        <source>The contact list is not available</source>
        <translation>Die Kontaktliste ist nicht verfügbar</translation>
    </message>
    <message>
        <source>No prospects yet</source>
        <translation>Noch keine Interessenten</translation>
    </message>
    <message>
        <source>Import a CSV file of prospects to fill this list. Every new prospect goes on the sync queue.</source>
        <translation>Importieren Sie eine CSV-Datei mit Interessenten, um diese Liste zu füllen. Jeder neue Interessent kommt in die Sync-Warteschlange.</translation>
    </message>
    <message>
        <source>&amp;Import CSV…</source>
        <translation>CSV &amp;importieren …</translation>
    </message>
    <message>
        <source>No matching prospects</source>
        <translation>Keine passenden Interessenten</translation>
    </message>
    <message>
        <source>No prospect matches the search and the status filter.</source>
        <translation>Kein Interessent passt zur Suche und zum Statusfilter.</translation>
    </message>
    <message>
        <source>C&amp;lear search and filter</source>
        <translation>Suche und Filter &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>Resync &amp;failed…</source>
        <translation>&amp;Fehlgeschlagene erneut synchronisieren …</translation>
    </message>
    <message>
        <source>Resync with &amp;preview…</source>
        <translation>Erneut synchronisieren mit &amp;Vorschau …</translation>
    </message>
    <message>
        <source>Put every prospect whose last sync failed back on the sync queue</source>
        <translation>Alle Interessenten, deren letzte Synchronisierung fehlgeschlagen ist, wieder in die Sync-Warteschlange stellen</translation>
    </message>
    <message>
        <source>Resync failed prospects</source>
        <translation>Fehlgeschlagene Interessenten erneut synchronisieren</translation>
    </message>
    <message>
        <source>Resync the 1 failed prospect?</source>
        <translation>Den 1 fehlgeschlagenen Interessenten erneut synchronisieren?</translation>
    </message>
    <message>
        <source>Resync the %1 failed prospects?</source>
        <translation>Die %1 fehlgeschlagenen Interessenten erneut synchronisieren?</translation>
    </message>
    <message>
        <source>Each prospect whose last sync failed goes back on the sync queue and is sent to HubSpot again.</source>
        <translation>Jeder Interessent, dessen letzte Synchronisierung fehlgeschlagen ist, kommt wieder in die Sync-Warteschlange und wird erneut an HubSpot gesendet.</translation>
    </message>
    <message>
        <source>&amp;Resync failed</source>
        <translation>&amp;Fehlgeschlagene erneut synchronisieren</translation>
    </message>
    <message>
        <source>1 failed prospect put back on the sync queue.</source>
        <translation>1 fehlgeschlagener Interessent wurde wieder in die Sync-Warteschlange gestellt.</translation>
    </message>
    <message>
        <source>%1 failed prospects put back on the sync queue.</source>
        <translation>%1 fehlgeschlagene Interessenten wurden wieder in die Sync-Warteschlange gestellt.</translation>
    </message>
    <message>
        <source>Prospect %1 put back on the sync queue.</source>
        <translation>Interessent %1 wurde wieder in die Sync-Warteschlange gestellt.</translation>
    </message>
    <message>
        <source>Prospect %1 put back on the sync queue for: %2.</source>
        <translation>Interessent %1 wurde wieder in die Sync-Warteschlange gestellt für: %2.</translation>
    </message>
</context>
<context>
    <name>Breezee::CredentialStore</name>
    <message>
        <source>the login keyring is locked</source>
        <translation>der Anmelde-Schlüsselbund ist gesperrt</translation>
    </message>
    <message>
        <source>The system keychain is locked or refused access (%1). Unlock your login keyring, then try again.</source>
        <translation>Der Systemschlüsselbund ist gesperrt oder hat den Zugriff verweigert (%1). Entsperren Sie Ihren Anmeldeschlüsselbund und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>No system keychain was found (%1). The connection is not saved. Install and start a Secret Service keyring such as GNOME Keyring (package gnome-keyring) in your desktop session, then connect again.</source>
        <translation>Es wurde kein Systemschlüsselbund gefunden (%1). Die Verbindung wird nicht gespeichert. Installieren und starten Sie in Ihrer Desktop-Sitzung einen Secret-Service-Schlüsselbund wie GNOME Keyring (Paket gnome-keyring) und verbinden Sie sich erneut.</translation>
    </message>
    <message>
        <source>The system keychain reported an error: %1</source>
        <translation>Der Systemschlüsselbund meldet einen Fehler: %1</translation>
    </message>
    <message>
        <source>The system keychain did not answer within %1 seconds. It may be waiting for a password prompt; unlock your keyring and try again.</source>
        <translation>Der Systemschlüsselbund hat nicht innerhalb von %1 Sekunden geantwortet. Möglicherweise wartet er auf eine Passworteingabe; entsperren Sie Ihren Schlüsselbund und versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>Breezee::CsvExport</name>
    <message>
        <source>Writing %1 failed: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>Breezee::CsvReader</name>
    <message>
        <source>Line %1: a quoted field starts here but its closing quote (&quot;) is missing. Add the quote and import again.</source>
        <translation>Zeile %1: Hier beginnt ein Feld in Anführungszeichen, aber das schließende Anführungszeichen (&quot;) fehlt. Ergänzen Sie es und importieren Sie erneut.</translation>
    </message>
    <message>
        <source>The file is not open for reading.</source>
        <translation>Die Datei ist nicht zum Lesen geöffnet.</translation>
    </message>
    <message>
        <source>Reading line %1 failed: %2</source>
        <translation>Zeile %1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The file is UTF-16 text. Save it as UTF-8 (in Excel: &quot;CSV UTF-8&quot;) and import again.</source>
        <translation>Die Datei ist UTF-16-Text. Speichern Sie sie als UTF-8 (in Excel: „CSV UTF-8“) und importieren Sie erneut.</translation>
    </message>
    <message>
        <source>Line %1 is not valid UTF-8 text. Save the file as UTF-8 (in Excel: &quot;CSV UTF-8&quot;) and import again.</source>
        <translation>Zeile %1 ist kein gültiger UTF-8-Text. Speichern Sie die Datei als UTF-8 (in Excel: „CSV UTF-8“) und importieren Sie erneut.</translation>
    </message>
</context>
<context>
    <name>Breezee::Database</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>The Qt Sql driver %1 is not installed. Install the package that provides it (libqt6sql6-sqlite or libqt6sql6-psql) and start again.</source>
        <translation>Der Qt-SQL-Treiber %1 ist nicht installiert. Installieren Sie das Paket, das ihn enthält (libqt6sql6-sqlite oder libqt6sql6-psql), und starten Sie erneut.</translation>
    </message>
    <message>
        <source>Cannot create the data directory %1. Check its permissions or choose another with --data-dir.</source>
        <translation>Das Datenverzeichnis %1 kann nicht angelegt werden. Prüfen Sie die Berechtigungen oder wählen Sie mit --data-dir ein anderes.</translation>
    </message>
    <message>
        <source>Cannot open the database %1: %2</source>
        <translation>Die Datenbank %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>The store is locked by another program (%1). Nothing was lost; close other programs that use the store and try again.</source>
        <translation>Der Datenspeicher ist von einem anderen Programm gesperrt (%1). Es ging nichts verloren; schließen Sie andere Programme, die den Datenspeicher verwenden, und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Starting a store transaction failed: %1</source>
        <translation>Eine Transaktion im Datenspeicher konnte nicht gestartet werden: %1</translation>
    </message>
</context>
<context>
    <name>Breezee::DisconnectDialog</name>
    <message>
        <source>Confirm disconnect</source>
        <translation>Trennen bestätigen</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>Was passiert</translation>
    </message>
    <message>
        <source>Disconnect %1</source>
        <translation>%1 trennen</translation>
    </message>
    <message>
        <source>Disconnect %1?</source>
        <translation>%1 trennen?</translation>
    </message>
    <message>
        <source>The sync to %1 stops.</source>
        <translation>Die Synchronisierung mit %1 wird beendet.</translation>
    </message>
    <message>
        <source>The access token is revoked at %1 and removed from this computer&apos;s keychain.</source>
        <translation>Das Zugriffstoken wird bei %1 widerrufen und aus dem Schlüsselbund dieses Computers entfernt.</translation>
    </message>
    <message>
        <source>Contacts already in %1 stay there. Nothing is deleted.</source>
        <translation>Kontakte, die bereits in %1 sind, bleiben dort. Es wird nichts gelöscht.</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>Keep %1 connected</source>
        <translation>%1 verbunden lassen</translation>
    </message>
</context>
<context>
    <name>Breezee::DryRunDialog</name>
    <message>
        <source>First Sync to HubSpot</source>
        <translation>Erste Synchronisierung mit HubSpot</translation>
    </message>
    <message>
        <source>This is the first sync of this connection. Nothing has been sent to HubSpot yet: this dry run shows what the sync would do. It starts only when you press Start sync.</source>
        <translation>Dies ist die erste Synchronisierung dieser Verbindung. Bisher wurde nichts an HubSpot gesendet: Dieser Probelauf zeigt, was die Synchronisierung tun würde. Sie beginnt erst, wenn Sie auf „Synchronisierung starten“ klicken.</translation>
    </message>
    <message>
        <source>Prospects queued:</source>
        <translation>Interessenten in der Warteschlange:</translation>
    </message>
    <message>
        <source>Contacts to create:</source>
        <translation>Neu anzulegende Kontakte:</translation>
    </message>
    <message>
        <source>Contacts matched by email:</source>
        <translation>Über die E-Mail gefundene Kontakte:</translation>
    </message>
    <message>
        <source>Prospects skipped:</source>
        <translation>Übersprungene Interessenten:</translation>
    </message>
    <message>
        <source>Companies to create:</source>
        <translation>Neu anzulegende Firmen:</translation>
    </message>
    <message>
        <source>Existing companies to link:</source>
        <translation>Zu verknüpfende vorhandene Firmen:</translation>
    </message>
    <message>
        <source>Ambiguous company names:</source>
        <translation>Nicht eindeutige Firmennamen:</translation>
    </message>
    <message>
        <source>Properties to create:</source>
        <translation>Neu anzulegende Eigenschaften:</translation>
    </message>
    <message>
        <source>Notes to post:</source>
        <translation>Zu sendende Notizen:</translation>
    </message>
    <message>
        <source>Ambiguous companies: several HubSpot companies have the name, so the sync links none of them. Choose one for each prospect on the Contacts page.</source>
        <translation>Nicht eindeutige Firmen: Mehrere HubSpot-Firmen tragen diesen Namen, daher verknüpft die Synchronisierung keine davon. Wählen Sie auf der Seite „Kontakte“ für jeden Interessenten eine aus.</translation>
    </message>
    <message>
        <source>Company name</source>
        <translation>Firmenname</translation>
    </message>
    <message>
        <source>HubSpot company</source>
        <translation>HubSpot-Firma</translation>
    </message>
    <message>
        <source>Prospects</source>
        <translation>Interessenten</translation>
    </message>
    <message>
        <source>Ambiguous company names and their HubSpot candidates</source>
        <translation>Nicht eindeutige Firmennamen und ihre Kandidaten in HubSpot</translation>
    </message>
    <message>
        <source>&amp;Start sync</source>
        <translation>Synchronisierung &amp;starten</translation>
    </message>
    <message>
        <source>Reading HubSpot for the dry run…</source>
        <translation>HubSpot wird für den Probelauf gelesen …</translation>
    </message>
    <message>
        <source>no valid email address</source>
        <translation>keine gültige E-Mail-Adresse</translation>
    </message>
    <message>
        <source>%1 (id %2)</source>
        <translation>%1 (ID %2)</translation>
    </message>
    <message>
        <source>Dry run finished. Nothing was written to HubSpot.</source>
        <translation>Probelauf beendet. In HubSpot wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>The dry run failed: %1
You can still start the sync, or cancel and try again with Resync on the Contacts page.</source>
        <translation>Der Probelauf ist fehlgeschlagen: %1
Sie können die Synchronisierung trotzdem starten oder abbrechen und es auf der Seite „Kontakte“ mit „Erneut synchronisieren“ noch einmal versuchen.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>Breezee::ErrorsPage</name>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Page title</source>
        <translation>Seitentitel</translation>
    </message>
    <message>
        <source>Failure counts</source>
        <translation>Anzahl der Fehler</translation>
    </message>
    <message>
        <source>Prospects whose last sync failed, grouped by cause.</source>
        <translation>Interessenten, deren letzte Synchronisierung fehlgeschlagen ist, nach Ursache gruppiert.</translation>
    </message>
    <message>
        <source>Save every failed prospect with its message as a CSV file</source>
        <translation>Alle fehlgeschlagenen Interessenten mit ihrer Meldung als CSV-Datei speichern</translation>
    </message>
    <message>
        <source>Export all failures as CSV</source>
        <translation>Alle Fehler als CSV exportieren</translation>
    </message>
    <message>
        <source>E&amp;xport all…</source>
        <translation>Alle e&amp;xportieren …</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Fehlermeldung</translation>
    </message>
    <message>
        <source>Kinds of failure</source>
        <translation>Fehlerarten</translation>
    </message>
    <message>
        <source>Choose a kind to see its fix and the prospects affected</source>
        <translation>Wählen Sie eine Art, um die Lösung und die betroffenen Interessenten zu sehen</translation>
    </message>
    <message>
        <source>Kind of failure</source>
        <translation>Fehlerart</translation>
    </message>
    <message>
        <source>How to fix it</source>
        <translation>So beheben Sie es</translation>
    </message>
    <message>
        <source>HubSpot&apos;s message</source>
        <translation>Meldung von HubSpot</translation>
    </message>
    <message>
        <source>HubSpot&apos;s message for the selected prospect</source>
        <translation>Meldung von HubSpot zum ausgewählten Interessenten</translation>
    </message>
    <message>
        <source>Prospects affected</source>
        <translation>Betroffene Interessenten</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>Letzter Versuch</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Save this group&apos;s prospects with their messages as a CSV file</source>
        <translation>Die Interessenten dieser Gruppe mit ihren Meldungen als CSV-Datei speichern</translation>
    </message>
    <message>
        <source>Export &amp;group…</source>
        <translation>&amp;Gruppe exportieren …</translation>
    </message>
    <message>
        <source>Put every prospect of this group back on the sync queue</source>
        <translation>Alle Interessenten dieser Gruppe wieder in die Sync-Warteschlange stellen</translation>
    </message>
    <message>
        <source>&amp;Retry group</source>
        <translation>Gruppe e&amp;rneut versuchen</translation>
    </message>
    <message>
        <source>1 failed prospect put back on the sync queue.</source>
        <translation>1 fehlgeschlagener Interessent wurde wieder in die Sync-Warteschlange gestellt.</translation>
    </message>
    <message>
        <source>%1 failed prospects put back on the sync queue.</source>
        <translation>%1 fehlgeschlagene Interessenten wurden wieder in die Sync-Warteschlange gestellt.</translation>
    </message>
    <message>
        <source>Choose a group of failures to export.</source>
        <translation>Wählen Sie eine Fehlergruppe zum Exportieren.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Prospects affected (%1)</source>
        <translation>Betroffene Interessenten (%1)</translation>
    </message>
    <message>
        <source>Retry the %1 prospects of this group</source>
        <translation>Die %1 Interessenten dieser Gruppe erneut versuchen</translation>
    </message>
    <message>
        <source>No message was recorded.</source>
        <translation>Es wurde keine Meldung aufgezeichnet.</translation>
    </message>
    <message>
        <source>1 failed prospect</source>
        <translation>1 fehlgeschlagener Interessent</translation>
    </message>
    <message>
        <source>%1 failed prospects</source>
        <translation>%1 fehlgeschlagene Interessenten</translation>
    </message>
    <message>
        <source>%1 queued for another try</source>
        <translation>%1 für einen neuen Versuch in der Warteschlange</translation>
    </message>
    <message>
        <source>The errors are not available</source>
        <translation>Die Fehler sind nicht verfügbar</translation>
    </message>
    <message>
        <source>No failed prospects</source>
        <translation>Keine fehlgeschlagenen Interessenten</translation>
    </message>
    <message>
        <source>Every prospect that failed is queued for another try.</source>
        <translation>Jeder fehlgeschlagene Interessent wartet auf einen neuen Versuch.</translation>
    </message>
    <message>
        <source>Prospects appear here when HubSpot rejects them or the sync cannot send them.</source>
        <translation>Interessenten erscheinen hier, wenn HubSpot sie ablehnt oder die Synchronisierung sie nicht senden kann.</translation>
    </message>
    <message>
        <source>Export failures as CSV</source>
        <translation>Fehler als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
</context>
<context>
    <name>Breezee::FailureGroups</name>
    <message>
        <source>Reading the failed prospects failed: %1</source>
        <translation>Die fehlgeschlagenen Interessenten konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The failed prospects cannot be read because the database connection is not open.</source>
        <translation>Die fehlgeschlagenen Interessenten können nicht gelesen werden, weil die Datenbankverbindung nicht offen ist.</translation>
    </message>
</context>
<context>
    <name>Breezee::HeaderMapping</name>
    <message>
        <source>The mapping entry &apos;%1&apos; has no &apos;=&apos;. Write it as field=Column or field=Column|Column2.</source>
        <translation>Der Zuordnungseintrag „%1“ enthält kein „=“. Schreiben Sie ihn als Feld=Spalte oder Feld=Spalte|Spalte2.</translation>
    </message>
    <message>
        <source>The mapping entry &apos;%1&apos; names the unknown field &apos;%2&apos;. Known fields: %3.</source>
        <translation>Der Zuordnungseintrag „%1“ nennt das unbekannte Feld „%2“. Bekannte Felder: %3.</translation>
    </message>
    <message>
        <source>The mapping entry &apos;%1&apos; names the column &apos;%2&apos;, which is not in the file&apos;s header. Columns in the file: %3.</source>
        <translation>Der Zuordnungseintrag „%1“ nennt die Spalte „%2“, die nicht in der Kopfzeile der Datei steht. Spalten in der Datei: %3.</translation>
    </message>
</context>
<context>
    <name>Breezee::HubSpotClient</name>
    <message>
        <source>HubSpot sent a response that is not valid JSON.</source>
        <translation>HubSpot hat eine Antwort gesendet, die kein gültiges JSON ist.</translation>
    </message>
</context>
<context>
    <name>Breezee::HubSpotContactSync</name>
    <message>
        <source>HubSpot rejected the contact: %1</source>
        <translation>HubSpot lehnte den Kontakt ab: %1</translation>
    </message>
    <message>
        <source>HubSpot rejected the update: %1</source>
        <translation>HubSpot lehnte die Aktualisierung ab: %1</translation>
    </message>
    <message>
        <source>Creating the contact in HubSpot failed: %1</source>
        <translation>Der Kontakt konnte in HubSpot nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>Updating the contact in HubSpot failed: %1</source>
        <translation>Der Kontakt konnte in HubSpot nicht aktualisiert werden: %1</translation>
    </message>
    <message>
        <source>Looking up contacts in HubSpot failed: %1</source>
        <translation>Die Kontakte konnten in HubSpot nicht nachgeschlagen werden: %1</translation>
    </message>
    <message>
        <source>Sync started.</source>
        <translation>Synchronisierung gestartet.</translation>
    </message>
    <message>
        <source>Reconnect required: HubSpot did not grant the permission %1, which the sync needs. Reconnect and allow every permission listed.</source>
        <translation>Neu verbinden erforderlich: HubSpot hat die Berechtigung %1 nicht erteilt, die die Synchronisierung braucht. Verbinden Sie sich neu und erlauben Sie alle aufgeführten Berechtigungen.</translation>
    </message>
    <message>
        <source>Reconnect required: HubSpot rejected the access token right after a refresh (%1).</source>
        <translation>Neu verbinden erforderlich: HubSpot hat das Zugriffstoken direkt nach einer Erneuerung abgelehnt (%1).</translation>
    </message>
    <message>
        <source>Reading the HubSpot contact properties failed: %1</source>
        <translation>Die HubSpot-Kontakteigenschaften konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The HubSpot property %1 exists with type &quot;%2&quot; but the console writes &quot;%3&quot;. Delete or rename it in HubSpot, then sync again.</source>
        <translation>Die HubSpot-Eigenschaft %1 existiert mit dem Typ „%2“, die Konsole schreibt aber „%3“. Löschen oder benennen Sie sie in HubSpot um und synchronisieren Sie erneut.</translation>
    </message>
    <message>
        <source>Creating the HubSpot property %1 failed: %2</source>
        <translation>Die HubSpot-Eigenschaft %1 konnte nicht angelegt werden: %2</translation>
    </message>
    <message>
        <source>Created the HubSpot contact property %1.</source>
        <translation>Die HubSpot-Kontakteigenschaft %1 wurde angelegt.</translation>
    </message>
    <message>
        <source>Creating the HubSpot property group &quot;breezee&quot; failed: %1</source>
        <translation>Die HubSpot-Eigenschaftsgruppe „breezee“ konnte nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>The prospect was deleted.</source>
        <translation>Der Interessent wurde gelöscht.</translation>
    </message>
    <message>
        <source>No email address: HubSpot identifies contacts by email. Add an email to sync this prospect.</source>
        <translation>Keine E-Mail-Adresse: HubSpot erkennt Kontakte an der E-Mail-Adresse. Ergänzen Sie eine E-Mail-Adresse, um diesen Interessenten zu synchronisieren.</translation>
    </message>
    <message>
        <source>The email address &quot;%1&quot; is not valid. Correct it to sync this prospect.</source>
        <translation>Die E-Mail-Adresse „%1“ ist ungültig. Korrigieren Sie sie, um diesen Interessenten zu synchronisieren.</translation>
    </message>
    <message>
        <source>HubSpot contact %1 is up to date.</source>
        <translation>HubSpot-Kontakt %1 ist auf dem neuesten Stand.</translation>
    </message>
    <message>
        <source>HubSpot returned no result for this contact; it will be tried again.</source>
        <translation>HubSpot hat für diesen Kontakt kein Ergebnis geliefert; er wird erneut versucht.</translation>
    </message>
    <message>
        <source>Created HubSpot contact %1 for %2.</source>
        <translation>HubSpot-Kontakt %1 für %2 angelegt.</translation>
    </message>
    <message>
        <source>Updated HubSpot contact %1 (%2).</source>
        <translation>HubSpot-Kontakt %1 aktualisiert (%2).</translation>
    </message>
    <message>
        <source>Created HubSpot company %1 (%2).</source>
        <translation>HubSpot-Firma %1 angelegt (%2).</translation>
    </message>
    <message>
        <source>Company ambiguous: HubSpot has several companies named &quot;%1&quot;; choose one in the console.</source>
        <translation>Firma nicht eindeutig: HubSpot hat mehrere Firmen mit dem Namen „%1“; wählen Sie eine in der Konsole.</translation>
    </message>
    <message>
        <source>Checking the contact&apos;s notes in HubSpot failed: %1</source>
        <translation>Die Notizen des Kontakts konnten in HubSpot nicht geprüft werden: %1</translation>
    </message>
    <message>
        <source>Reading the contact&apos;s notes in HubSpot failed: %1</source>
        <translation>Die Notizen des Kontakts konnten in HubSpot nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Adding notes to the HubSpot timeline failed: %1</source>
        <translation>Die Notizen konnten nicht zur HubSpot-Chronik hinzugefügt werden: %1</translation>
    </message>
    <message>
        <source>HubSpot did not confirm every note; the missing ones are checked and sent again on the next pass.</source>
        <translation>HubSpot hat nicht alle Notizen bestätigt; die fehlenden werden beim nächsten Durchlauf geprüft und erneut gesendet.</translation>
    </message>
    <message>
        <source>Sync stopped: %1 synced, %2 failed, %3 still queued.</source>
        <translation>Synchronisierung beendet: %1 synchronisiert, %2 fehlgeschlagen, %3 noch in der Warteschlange.</translation>
    </message>
    <message>
        <source>Reading contacts from HubSpot failed: %1</source>
        <translation>Die Kontakte konnten nicht aus HubSpot gelesen werden: %1</translation>
    </message>
    <message>
        <source>HubSpot contact %1 was merged into %2; the prospect now points to %2.</source>
        <translation>Der HubSpot-Kontakt %1 wurde mit %2 zusammengeführt; der Interessent verweist jetzt auf %2.</translation>
    </message>
    <message>
        <source>HubSpot contact %1 is gone; found %2 by email and the prospect now points to it.</source>
        <translation>Den HubSpot-Kontakt %1 gibt es nicht mehr; über die E-Mail wurde %2 gefunden, und der Interessent verweist jetzt darauf.</translation>
    </message>
    <message>
        <source>HubSpot contact %1 is also another prospect&apos;s contact; it is updated on the next pass.</source>
        <translation>Der HubSpot-Kontakt %1 gehört auch zu einem anderen Interessenten; er wird beim nächsten Durchlauf aktualisiert.</translation>
    </message>
    <message>
        <source>HubSpot contact %1: fields were not part of this resync.</source>
        <translation>HubSpot-Kontakt %1: Die Felder gehörten nicht zu dieser erneuten Synchronisierung.</translation>
    </message>
    <message>
        <source>HubSpot already has this contact (id %1) but could not show it; it is tried again on the next pass.</source>
        <translation>HubSpot hat diesen Kontakt bereits (ID %1), konnte ihn aber nicht anzeigen; er wird beim nächsten Durchlauf erneut versucht.</translation>
    </message>
    <message>
        <source>HubSpot already had a contact for %1 (id %2); it is updated instead.</source>
        <translation>HubSpot hatte bereits einen Kontakt für %1 (ID %2); stattdessen wird dieser aktualisiert.</translation>
    </message>
    <message>
        <source>HubSpot contact %1 no longer exists (%2); the prospect is looked up again by email.</source>
        <translation>Den HubSpot-Kontakt %1 gibt es nicht mehr (%2); der Interessent wird erneut über die E-Mail gesucht.</translation>
    </message>
    <message>
        <source>Looking up the company in HubSpot failed: %1</source>
        <translation>Die Firma konnte in HubSpot nicht nachgeschlagen werden: %1</translation>
    </message>
    <message>
        <source>Creating the company in HubSpot failed: %1</source>
        <translation>Die Firma konnte in HubSpot nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>Linking the company in HubSpot failed: %1</source>
        <translation>Die Firma konnte in HubSpot nicht verknüpft werden: %1</translation>
    </message>
    <message>
        <source>HubSpot did not confirm the company link: %1</source>
        <translation>HubSpot hat die Firmenverknüpfung nicht bestätigt: %1</translation>
    </message>
    <message>
        <source>The sync stopped before the company was linked.</source>
        <translation>Die Synchronisierung wurde beendet, bevor die Firma verknüpft war.</translation>
    </message>
    <message>
        <source>Companies may exist twice in HubSpot, because looking for copies failed: %1 Look for companies of the same name without contacts in HubSpot.</source>
        <translation>Firmen gibt es in HubSpot möglicherweise doppelt, weil die Suche nach Kopien fehlgeschlagen ist: %1 Suchen Sie in HubSpot nach gleichnamigen Firmen ohne Kontakte.</translation>
    </message>
    <message numerus="yes">
        <source>Archived %n company copies that HubSpot had created twice.</source>
        <translation>
            <numerusform>%n Firmenkopie archiviert, die HubSpot doppelt angelegt hatte.</numerusform>
            <numerusform>%n Firmenkopien archiviert, die HubSpot doppelt angelegt hatte.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n companies exist twice in HubSpot, and archiving the copies failed: %1 Delete the copies without contacts in HubSpot.</source>
        <translation>
            <numerusform>%n Firma gibt es in HubSpot doppelt, und das Archivieren der Kopie ist fehlgeschlagen: %1 Löschen Sie die Kopie ohne Kontakte in HubSpot.</numerusform>
            <numerusform>%n Firmen gibt es in HubSpot doppelt, und das Archivieren der Kopien ist fehlgeschlagen: %1 Löschen Sie die Kopien ohne Kontakte in HubSpot.</numerusform>
        </translation>
    </message>
    <message>
        <source>Notes may be on the HubSpot timeline twice, because checking them failed: %1 Look for copies on the contact&apos;s timeline in HubSpot.</source>
        <translation>Notizen stehen möglicherweise doppelt in der HubSpot-Chronik, weil ihre Prüfung fehlgeschlagen ist: %1 Suchen Sie in der Chronik des Kontakts in HubSpot nach Kopien.</translation>
    </message>
    <message numerus="yes">
        <source>Archived %n note(s) that HubSpot had received twice.</source>
        <translation>
            <numerusform>%n Notiz archiviert, die HubSpot doppelt erhalten hatte.</numerusform>
            <numerusform>%n Notizen archiviert, die HubSpot doppelt erhalten hatte.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s) are on the HubSpot timeline twice, and archiving the copies failed: %1. Delete the copies on the contact&apos;s timeline in HubSpot.</source>
        <translation>
            <numerusform>%n Notiz steht doppelt in der HubSpot-Chronik, und das Archivieren der Kopie ist fehlgeschlagen: %1. Löschen Sie die Kopie in der Chronik des Kontakts in HubSpot.</numerusform>
            <numerusform>%n Notizen stehen doppelt in der HubSpot-Chronik, und das Archivieren der Kopien ist fehlgeschlagen: %1. Löschen Sie die Kopien in der Chronik des Kontakts in HubSpot.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Breezee::ImportReport</name>
    <message>
        <source>line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <source>Rows read: %1, created: %2, updated: %3, unchanged: %4, rejected: %5, warnings: %6</source>
        <translation>Zeilen gelesen: %1, angelegt: %2, aktualisiert: %3, unverändert: %4, abgelehnt: %5, Warnungen: %6</translation>
    </message>
</context>
<context>
    <name>Breezee::IntegrationController</name>
    <message>
        <source>The provider file %1 is invalid: %2. Correct it or remove it.</source>
        <translation>Die Anbieterdatei %1 ist ungültig: %2. Korrigieren oder entfernen Sie sie.</translation>
    </message>
    <message>
        <source>Waiting for the browser…</source>
        <translation>Warte auf den Browser …</translation>
    </message>
    <message>
        <source>Connected %1 (account %2).</source>
        <translation>%1 verbunden (Konto %2).</translation>
    </message>
    <message>
        <source>Reconnect required: %1 did not grant %2. Reconnect and allow every permission listed.</source>
        <translation>Neu verbinden erforderlich: %1 hat %2 nicht erteilt. Verbinden Sie sich neu und erlauben Sie alle aufgeführten Berechtigungen.</translation>
    </message>
    <message>
        <source>Offline, retrying in %1 s: %2</source>
        <translation>Offline, neuer Versuch in %1 s: %2</translation>
    </message>
    <message>
        <source>Disconnected %1. %2</source>
        <translation>%1 getrennt. %2</translation>
    </message>
    <message>
        <source>%1 could not be told (%2): the local sign-in was removed, but remove the app under Settings &gt; Integrations &gt; Connected Apps in %1 too.</source>
        <translation>%1 konnte nicht benachrichtigt werden (%2): Die lokale Anmeldung wurde entfernt, entfernen Sie die App aber auch in %1 unter Einstellungen &gt; Integrationen &gt; Verbundene Apps.</translation>
    </message>
    <message>
        <source>The sign-in was revoked at %1.</source>
        <translation>Die Anmeldung wurde bei %1 widerrufen.</translation>
    </message>
    <message>
        <source>unknown user</source>
        <translation>unbekannter Benutzer</translation>
    </message>
    <message>
        <source>%1 (by %2)</source>
        <translation>%1 (durch %2)</translation>
    </message>
    <message>
        <source>The first sync waits for a confirmation of its dry run.</source>
        <translation>Die erste Synchronisierung wartet auf die Bestätigung ihres Probelaufs.</translation>
    </message>
    <message>
        <source>First sync to %1 confirmed after its dry run.</source>
        <translation>Erste Synchronisierung mit %1 nach dem Probelauf bestätigt.</translation>
    </message>
    <message>
        <source>First sync to %1 cancelled after its dry run; every prospect stays queued.</source>
        <translation>Erste Synchronisierung mit %1 nach dem Probelauf abgebrochen; alle Interessenten bleiben in der Warteschlange.</translation>
    </message>
    <message>
        <source>HubSpot is not connected. Connect it on the Integrations page to see a preview.</source>
        <translation>HubSpot ist nicht verbunden. Verbinden Sie es auf der Seite „Integrationen“, um eine Vorschau zu sehen.</translation>
    </message>
</context>
<context>
    <name>Breezee::IntegrationsPage</name>
    <message>
        <source>Integrations</source>
        <translation>Integrationen</translation>
    </message>
    <message>
        <source>Page title</source>
        <translation>Seitentitel</translation>
    </message>
    <message>
        <source>Connect the apps that receive your prospects. Access tokens are kept in this computer&apos;s keychain, never in the database.</source>
        <translation>Verbinden Sie die Apps, die Ihre Interessenten erhalten. Zugriffstoken liegen im Schlüsselbund dieses Computers, nie in der Datenbank.</translation>
    </message>
    <message>
        <source>Page description</source>
        <translation>Seitenbeschreibung</translation>
    </message>
    <message>
        <source>No providers are configured. The provider list comes from the store; check that the database opened without errors.</source>
        <translation>Es sind keine Anbieter eingerichtet. Die Anbieterliste stammt aus der Datenbank; prüfen Sie, ob sie ohne Fehler geöffnet wurde.</translation>
    </message>
    <message>
        <source>Provider cards</source>
        <translation>Anbieterkarten</translation>
    </message>
</context>
<context>
    <name>Breezee::MainWindow</name>
    <message>
        <source>Breezee Integrations Console</source>
        <translation>Breezee Integrations Console</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>Choose a page with the arrow keys</source>
        <translation>Wählen Sie eine Seite mit den Pfeiltasten</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Import CSV…</source>
        <translation>CSV &amp;importieren …</translation>
    </message>
    <message>
        <source>Import prospects from a CSV file</source>
        <translation>Interessenten aus einer CSV-Datei importieren</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Integrations</source>
        <translation>&amp;Integrationen</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>&amp;Contacts</source>
        <translation>&amp;Kontakte</translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation>Ctrl+2</translation>
    </message>
    <message>
        <source>&amp;Activity</source>
        <translation>Akti&amp;vität</translation>
    </message>
    <message>
        <source>Ctrl+3</source>
        <translation>Ctrl+3</translation>
    </message>
    <message>
        <source>&amp;Errors</source>
        <translation>&amp;Fehler</translation>
    </message>
    <message>
        <source>Ctrl+4</source>
        <translation>Ctrl+4</translation>
    </message>
    <message>
        <source>&amp;About Breezee Integrations Console</source>
        <translation>Ü&amp;ber Breezee Integrations Console</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Integrations</source>
        <translation>Integrationen</translation>
    </message>
    <message>
        <source>Connect and disconnect apps</source>
        <translation>Apps verbinden und trennen</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>Prospects and their sync status</source>
        <translation>Interessenten und ihr Sync-Status</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>The live sync log</source>
        <translation>Das laufende Sync-Protokoll</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Failed prospects, grouped by cause, with fixes</source>
        <translation>Fehlgeschlagene Interessenten, nach Ursache gruppiert, mit Lösungen</translation>
    </message>
    <message>
        <source>Prospect %1 is not in the contact list.</source>
        <translation>Interessent %1 ist nicht in der Kontaktliste.</translation>
    </message>
    <message>
        <source>Another import is still running.</source>
        <translation>Ein anderer Import läuft noch.</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>%1 wird importiert …</translation>
    </message>
    <message>
        <source>Import CSV</source>
        <translation>CSV importieren</translation>
    </message>
    <message>
        <source>Importing %1: %2 of %3 rows</source>
        <translation>%1 wird importiert: %2 von %3 Zeilen</translation>
    </message>
    <message>
        <source>Importing %1: %2 rows</source>
        <translation>%1 wird importiert: %2 Zeilen</translation>
    </message>
    <message>
        <source>Import Prospects from CSV</source>
        <translation>Interessenten aus CSV importieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Sync queue size</source>
        <translation>Größe der Sync-Warteschlange</translation>
    </message>
    <message>
        <source>Current sync run</source>
        <translation>Aktueller Sync-Lauf</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>HubSpot: not available</source>
        <translation>HubSpot: nicht verfügbar</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Sync idle</source>
        <translation>Synchronisierung ruht</translation>
    </message>
    <message>
        <source>Queue: unknown</source>
        <translation>Warteschlange: unbekannt</translation>
    </message>
    <message>
        <source>Queue: %1</source>
        <translation>Warteschlange: %1</translation>
    </message>
    <message>
        <source>Prospects waiting in the sync queue</source>
        <translation>Interessenten, die in der Sync-Warteschlange warten</translation>
    </message>
    <message>
        <source>%1 could not be imported.</source>
        <translation>%1 konnte nicht importiert werden.</translation>
    </message>
    <message>
        <source>Import of %1 failed.</source>
        <translation>Der Import von %1 ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>%1 imported.</source>
        <translation>%1 importiert.</translation>
    </message>
    <message>
        <source>Rejected, %1</source>
        <translation>Abgelehnt, %1</translation>
    </message>
    <message>
        <source>Warning, %1</source>
        <translation>Warnung, %1</translation>
    </message>
    <message>
        <source>… and %1 more.</source>
        <translation>… und %1 weitere.</translation>
    </message>
    <message>
        <source>The first sync was cancelled and every prospect stays queued. Resync shows the dry run again.</source>
        <translation>Die erste Synchronisierung wurde abgebrochen, alle Interessenten bleiben in der Warteschlange. „Erneut synchronisieren“ zeigt den Probelauf wieder.</translation>
    </message>
    <message>
        <source>&amp;Find Contact…</source>
        <translation>Kontakt &amp;suchen …</translation>
    </message>
    <message>
        <source>Sync progress</source>
        <translation>Fortschritt der Synchronisierung</translation>
    </message>
    <message>
        <source>The sync&apos;s state and the prospects synced and failed in the current run</source>
        <translation>Der Zustand der Synchronisierung und die im aktuellen Lauf synchronisierten und fehlgeschlagenen Interessenten</translation>
    </message>
    <message>
        <source>Not syncing: connect HubSpot to send the queue</source>
        <translation>Keine Synchronisierung: Verbinden Sie HubSpot, um die Warteschlange zu senden</translation>
    </message>
</context>
<context>
    <name>Breezee::NotePlanner</name>
    <message>
        <source>an unknown channel</source>
        <translation>einem unbekannten Kanal</translation>
    </message>
    <message>
        <source>Created in Breezee from %1.</source>
        <translation>In Breezee aus %1 angelegt.</translation>
    </message>
    <message>
        <source>Chat summary: %1</source>
        <translation>Chat-Zusammenfassung: %1</translation>
    </message>
    <message>
        <source>Meeting booked</source>
        <translation>Termin gebucht</translation>
    </message>
    <message>
        <source>Contact form submitted</source>
        <translation>Kontaktformular abgeschickt</translation>
    </message>
    <message>
        <source>%1 moved to %2</source>
        <translation>%1 wurde nach %2 verschoben</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1&apos;s lead score changed from %2 to %3</source>
        <translation>Der Lead-Score von %1 hat sich von %2 auf %3 geändert</translation>
    </message>
</context>
<context>
    <name>Breezee::OAuthConnector</name>
    <message>
        <source>Signing in to %1 was not finished within %2 minutes. If you declined or closed the browser tab, click Connect to try again.</source>
        <translation>Die Anmeldung bei %1 wurde nicht innerhalb von %2 Minuten abgeschlossen. Wenn Sie abgelehnt oder den Browser-Tab geschlossen haben, klicken Sie auf „Verbinden“, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>Connecting was cancelled.</source>
        <translation>Das Verbinden wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Cannot listen for the browser&apos;s answer: port %1 on 127.0.0.1 is in use by another program. Close that program, or register another redirect URI for the app and add it to the provider seed, then try again.</source>
        <translation>Die Antwort des Browsers kann nicht empfangen werden: Port %1 auf 127.0.0.1 wird von einem anderen Programm belegt. Schließen Sie dieses Programm oder registrieren Sie eine andere Weiterleitungs-URI für die App, tragen Sie sie in die Anbieterliste ein und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>You are signed in. Return to the Breezee Integrations Console; you can close this tab.</source>
        <translation>Sie sind angemeldet. Kehren Sie zur Breezee Integrations Console zurück; Sie können diesen Tab schließen.</translation>
    </message>
    <message>
        <source>%1 did not authorize the connection: %2</source>
        <translation>%1 hat die Verbindung nicht autorisiert: %2</translation>
    </message>
    <message>
        <source>The browser returned an answer that does not belong to this sign-in attempt. Click Connect to start again.</source>
        <translation>Der Browser hat eine Antwort geliefert, die nicht zu diesem Anmeldeversuch gehört. Klicken Sie auf „Verbinden“, um neu zu beginnen.</translation>
    </message>
    <message>
        <source>The browser returned no authorization code. Click Connect to start again.</source>
        <translation>Der Browser hat keinen Autorisierungscode geliefert. Klicken Sie auf „Verbinden“, um neu zu beginnen.</translation>
    </message>
    <message>
        <source>%1 granted access but sent no refresh token, so the connection could not be kept. Try again; if it persists, check the app&apos;s settings.</source>
        <translation>%1 hat den Zugriff erteilt, aber kein Aktualisierungstoken gesendet, daher konnte die Verbindung nicht gehalten werden. Versuchen Sie es erneut; falls es wieder passiert, prüfen Sie die Einstellungen der App.</translation>
    </message>
    <message>
        <source>%1 rejected the authorization code from the browser (%2). Start Connect again and approve in the browser within a few minutes.</source>
        <translation>%1 hat den Autorisierungscode aus dem Browser abgelehnt (%2). Starten Sie „Verbinden“ erneut und bestätigen Sie innerhalb weniger Minuten im Browser.</translation>
    </message>
    <message>
        <source>The browser sent a request that is not a valid sign-in answer. Click Connect to start again.</source>
        <translation>Der Browser hat eine Anfrage gesendet, die keine gültige Antwort auf die Anmeldung ist. Klicken Sie auf „Verbinden“, um neu zu beginnen.</translation>
    </message>
    <message>
        <source>The browser answered on a path other than the registered redirect URI. Click Connect to start again.</source>
        <translation>Der Browser hat auf einem anderen Pfad als der registrierten Weiterleitungs-URI geantwortet. Klicken Sie auf „Verbinden“, um neu zu beginnen.</translation>
    </message>
</context>
<context>
    <name>Breezee::ProspectDetailPane</name>
    <message>
        <source>Prospect details</source>
        <translation>Details zum Interessenten</translation>
    </message>
    <message>
        <source>Select a prospect to see what the sync sent to HubSpot.</source>
        <translation>Wählen Sie einen Interessenten, um zu sehen, was die Synchronisierung an HubSpot gesendet hat.</translation>
    </message>
    <message>
        <source>Prospect name</source>
        <translation>Name des Interessenten</translation>
    </message>
    <message>
        <source>Email and company</source>
        <translation>E-Mail und Firma</translation>
    </message>
    <message>
        <source>HubSpot contact ID</source>
        <translation>HubSpot-Kontakt-ID</translation>
    </message>
    <message>
        <source>&amp;Open in HubSpot</source>
        <translation>In HubSpot ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Open the contact in HubSpot</source>
        <translation>Den Kontakt in HubSpot öffnen</translation>
    </message>
    <message>
        <source>Why isn&apos;t this prospect in HubSpot?</source>
        <translation>Warum ist dieser Interessent nicht in HubSpot?</translation>
    </message>
    <message>
        <source>Why the prospect is not in HubSpot</source>
        <translation>Warum der Interessent nicht in HubSpot ist</translation>
    </message>
    <message>
        <source>HubSpot fields</source>
        <translation>HubSpot-Felder</translation>
    </message>
    <message>
        <source>HubSpot fields and the last sync&apos;s decisions</source>
        <translation>HubSpot-Felder und die Entscheidungen der letzten Synchronisierung</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>In the console</source>
        <translation>In der Konsole</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Letzter Abgleich</translation>
    </message>
    <message>
        <source>Breezee properties sent</source>
        <translation>Gesendete Breezee-Eigenschaften</translation>
    </message>
    <message>
        <source>Breezee properties sent to HubSpot</source>
        <translation>An HubSpot gesendete Breezee-Eigenschaften</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>Eigenschaft</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Sync history</source>
        <translation>Sync-Verlauf</translation>
    </message>
    <message>
        <source>Sync history of this prospect</source>
        <translation>Sync-Verlauf dieses Interessenten</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Memories</source>
        <translation>Erinnerungen</translation>
    </message>
    <message>
        <source>Memories stay in this console. The sync never sends them to HubSpot.</source>
        <translation>Erinnerungen bleiben in dieser Konsole. Die Synchronisierung sendet sie nie an HubSpot.</translation>
    </message>
    <message>
        <source>Memories, never sent to HubSpot</source>
        <translation>Erinnerungen, nie an HubSpot gesendet</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Erinnerung</translation>
    </message>
    <message>
        <source>HubSpot</source>
        <translation>HubSpot</translation>
    </message>
    <message>
        <source>Prospect %1</source>
        <translation>Interessent %1</translation>
    </message>
    <message>
        <source>No email address</source>
        <translation>Keine E-Mail-Adresse</translation>
    </message>
    <message>
        <source>Not in HubSpot</source>
        <translation>Nicht in HubSpot</translation>
    </message>
    <message>
        <source>HubSpot contact %1</source>
        <translation>HubSpot-Kontakt %1</translation>
    </message>
    <message>
        <source>Last synced %1</source>
        <translation>Zuletzt synchronisiert am %1</translation>
    </message>
    <message>
        <source>The console never changes this field; it belongs to HubSpot.</source>
        <translation>Die Konsole ändert dieses Feld nie; es gehört HubSpot.</translation>
    </message>
    <message>
        <source>The console does not store a lead status.</source>
        <translation>Die Konsole speichert keinen Lead-Status.</translation>
    </message>
    <message>
        <source>Sync history (newest %1)</source>
        <translation>Sync-Verlauf (die neuesten %1)</translation>
    </message>
    <message>
        <source>Sync history: no entries yet</source>
        <translation>Sync-Verlauf: noch keine Einträge</translation>
    </message>
    <message>
        <source>Never sent</source>
        <translation>Nie gesendet</translation>
    </message>
    <message>
        <source>No memories. Memories stay in this console; the sync never sends them to HubSpot.</source>
        <translation>Keine Erinnerungen. Erinnerungen bleiben in dieser Konsole; die Synchronisierung sendet sie nie an HubSpot.</translation>
    </message>
    <message>
        <source>Connect HubSpot to open its contacts from here.</source>
        <translation>Verbinden Sie HubSpot, um seine Kontakte von hier aus zu öffnen.</translation>
    </message>
    <message>
        <source>Set auth_base_url in the [hubspot] group of %1 to open contacts from here.</source>
        <translation>Setzen Sie auth_base_url in der Gruppe [hubspot] von %1, um Kontakte von hier aus zu öffnen.</translation>
    </message>
    <message>
        <source>Res&amp;ync…</source>
        <translation>Erneut s&amp;ynchronisieren …</translation>
    </message>
    <message>
        <source>Resync this prospect with a preview</source>
        <translation>Diesen Interessenten mit Vorschau erneut synchronisieren</translation>
    </message>
</context>
<context>
    <name>Breezee::ProspectDetails</name>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Nachname</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Mobile phone</source>
        <translation>Mobiltelefon</translation>
    </message>
    <message>
        <source>Job title</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Lifecycle stage</source>
        <translation>Lebenszyklusphase</translation>
    </message>
    <message>
        <source>Lead status</source>
        <translation>Lead-Status</translation>
    </message>
    <message>
        <source>Breezee score</source>
        <translation>Breezee-Score</translation>
    </message>
    <message>
        <source>Breezee source</source>
        <translation>Breezee-Quelle</translation>
    </message>
    <message>
        <source>Breezee last activity</source>
        <translation>Breezee letzte Aktivität</translation>
    </message>
    <message>
        <source>The prospect cannot be read because the database connection is not open.</source>
        <translation>Der Interessent kann nicht gelesen werden, weil die Datenbankverbindung nicht offen ist.</translation>
    </message>
    <message>
        <source>Prospect %1 no longer exists.</source>
        <translation>Interessent %1 existiert nicht mehr.</translation>
    </message>
    <message>
        <source>Reading the prospect&apos;s sync state failed: %1</source>
        <translation>Der Sync-Status des Interessenten konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Never written</source>
        <translation>Nie geschrieben</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>Noch nicht synchronisiert</translation>
    </message>
    <message>
        <source>Used to find the contact, not changed</source>
        <translation>Zum Finden des Kontakts verwendet, nicht geändert</translation>
    </message>
    <message>
        <source>Not part of the last sync</source>
        <translation>Nicht Teil der letzten Synchronisierung</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Geschrieben</translation>
    </message>
    <message>
        <source>Kept HubSpot&apos;s value &apos;%1&apos;</source>
        <translation>HubSpot-Wert „%1“ beibehalten</translation>
    </message>
    <message>
        <source>Blank locally, not sent</source>
        <translation>Lokal leer, nicht gesendet</translation>
    </message>
    <message>
        <source>Already the same in HubSpot</source>
        <translation>In HubSpot bereits gleich</translation>
    </message>
    <message>
        <source>This prospect has no email address. HubSpot finds contacts by email, so the sync skips it. Add an email address in the source system and import again.</source>
        <translation>Dieser Interessent hat keine E-Mail-Adresse. HubSpot findet Kontakte über die E-Mail-Adresse, daher überspringt die Synchronisierung ihn. Ergänzen Sie eine E-Mail-Adresse im Quellsystem und importieren Sie erneut.</translation>
    </message>
    <message>
        <source>The email address &apos;%1&apos; is not valid, so the sync skips this prospect. Correct it in the source system and import again.</source>
        <translation>Die E-Mail-Adresse „%1“ ist ungültig, daher überspringt die Synchronisierung diesen Interessenten. Korrigieren Sie sie im Quellsystem und importieren Sie erneut.</translation>
    </message>
    <message>
        <source>Waiting for a reconnect. HubSpot no longer accepts the saved sign-in, so the sync is paused. Reconnect HubSpot on the Integrations page; this prospect is sent right after.</source>
        <translation>Wartet auf eine neue Verbindung. HubSpot akzeptiert die gespeicherte Anmeldung nicht mehr, daher ruht die Synchronisierung. Verbinden Sie HubSpot auf der Seite „Integrationen“ neu; dieser Interessent wird gleich danach gesendet.</translation>
    </message>
    <message>
        <source>Queued, but HubSpot is not connected. Connect HubSpot on the Integrations page to send it.</source>
        <translation>In der Warteschlange, aber HubSpot ist nicht verbunden. Verbinden Sie HubSpot auf der Seite „Integrationen“, um ihn zu senden.</translation>
    </message>
    <message>
        <source>Queued. HubSpot cannot be reached at the moment; the sync tries again automatically.</source>
        <translation>In der Warteschlange. HubSpot ist gerade nicht erreichbar; die Synchronisierung versucht es automatisch erneut.</translation>
    </message>
    <message>
        <source>Queued for another try after %1. The last attempt failed: %2</source>
        <translation>Für einen neuen Versuch nach %1 in der Warteschlange. Der letzte Versuch ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Queued for another try after %1.</source>
        <translation>Für einen neuen Versuch nach %1 in der Warteschlange.</translation>
    </message>
    <message>
        <source>Queued. The sync sends it with one of the next batches.</source>
        <translation>In der Warteschlange. Die Synchronisierung sendet ihn mit einem der nächsten Stapel.</translation>
    </message>
    <message>
        <source>no reason was recorded</source>
        <translation>es wurde kein Grund aufgezeichnet</translation>
    </message>
    <message>
        <source>The last attempt failed: %1

What to do: %2</source>
        <translation>Der letzte Versuch ist fehlgeschlagen: %1

Was zu tun ist: %2</translation>
    </message>
    <message>
        <source>Not queued, so the sync has not sent it. Use Resync to put it on the queue.</source>
        <translation>Nicht in der Warteschlange, daher hat die Synchronisierung ihn nicht gesendet. Stellen Sie ihn mit „Erneut synchronisieren“ in die Warteschlange.</translation>
    </message>
</context>
<context>
    <name>Breezee::ProspectImporter</name>
    <message>
        <source>the lead score &apos;%1&apos; in column %2 is not an integer; the field was skipped</source>
        <translation>der Lead-Score „%1“ in Spalte %2 ist keine ganze Zahl; das Feld wurde übersprungen</translation>
    </message>
    <message>
        <source>the date &apos;%1&apos; in column %2 is not in a known format; the field was skipped</source>
        <translation>das Datum „%1“ in Spalte %2 hat kein bekanntes Format; das Feld wurde übersprungen</translation>
    </message>
    <message>
        <source>Rewinding the file after counting its rows failed: %1</source>
        <translation>Die Datei konnte nach dem Zählen ihrer Zeilen nicht an den Anfang zurückgesetzt werden: %1</translation>
    </message>
    <message>
        <source>Starting a database transaction failed: %1</source>
        <translation>Eine Datenbanktransaktion konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>Saving the last rows failed: %1</source>
        <translation>Die letzten Zeilen konnten nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>no email column has a value</source>
        <translation>keine E-Mail-Spalte hat einen Wert</translation>
    </message>
    <message>
        <source>email &apos;%1&apos; is not a valid address; fix it in the file and import again</source>
        <translation>die E-Mail „%1“ ist keine gültige Adresse; korrigieren Sie sie in der Datei und importieren Sie erneut</translation>
    </message>
    <message>
        <source>Nothing was saved.</source>
        <translation>Es wurde nichts gespeichert.</translation>
    </message>
    <message>
        <source>The rows before line %1 were saved.</source>
        <translation>Die Zeilen vor Zeile %1 wurden gespeichert.</translation>
    </message>
    <message>
        <source>Line %1: %2 %3</source>
        <translation>Zeile %1: %2 %3</translation>
    </message>
    <message>
        <source>the row has %1 fields but the header has %2; the extra fields were ignored</source>
        <translation>die Zeile hat %1 Felder, die Kopfzeile aber %2; die zusätzlichen Felder wurden ignoriert</translation>
    </message>
    <message>
        <source>the row has %1 fields but the header has %2; the missing fields count as empty</source>
        <translation>die Zeile hat %1 Felder, die Kopfzeile aber %2; die fehlenden Felder gelten als leer</translation>
    </message>
    <message>
        <source>Saving the rows from line %1 on failed: %2</source>
        <translation>Die Zeilen ab Zeile %1 konnten nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Cannot open %1: %2. Check that the file exists and that you may read it.</source>
        <translation>%1 kann nicht geöffnet werden: %2. Prüfen Sie, ob die Datei existiert und ob Sie sie lesen dürfen.</translation>
    </message>
    <message>
        <source>The file %1 is not open for reading.</source>
        <translation>Die Datei %1 ist nicht zum Lesen geöffnet.</translation>
    </message>
    <message>
        <source>The file %1 is empty. Export the prospects again with a header row.</source>
        <translation>Die Datei %1 ist leer. Exportieren Sie die Interessenten erneut mit einer Kopfzeile.</translation>
    </message>
    <message>
        <source>No column of %1 is recognized as an email column. Columns in the file: %2. Map one with email=Column.</source>
        <translation>Keine Spalte von %1 wird als E-Mail-Spalte erkannt. Spalten in der Datei: %2. Ordnen Sie eine mit email=Spalte zu.</translation>
    </message>
    <message>
        <source>column &apos;%1&apos; contains a NUL byte, which is not text; export the file again as UTF-8 text and import it</source>
        <translation>Spalte „%1“ enthält ein NUL-Byte, das kein Text ist; exportieren Sie die Datei erneut als UTF-8-Text und importieren Sie sie</translation>
    </message>
    <message>
        <source>column &apos;%1&apos; has %2 characters, more than the %3 a HubSpot property keeps; shorten it and import again</source>
        <translation>Spalte „%1“ hat %2 Zeichen, mehr als die %3, die eine HubSpot-Eigenschaft aufnimmt; kürzen Sie sie und importieren Sie erneut</translation>
    </message>
    <message>
        <source>. A quoted field here runs over several lines, so the lines after it were read into this row; check the quotes on line %1.</source>
        <translation>. Ein Feld in Anführungszeichen reicht hier über mehrere Zeilen, daher wurden die folgenden Zeilen in diese Zeile gelesen; prüfen Sie die Anführungszeichen in Zeile %1.</translation>
    </message>
</context>
<context>
    <name>Breezee::ProspectStore</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Saving a new prospect</source>
        <translation>Speichern eines neuen Interessenten</translation>
    </message>
    <message>
        <source>Saving prospect %1</source>
        <translation>Speichern von Interessent %1</translation>
    </message>
    <message>
        <source>Prospect %1 was not found; it may have been deleted.</source>
        <translation>Interessent %1 wurde nicht gefunden; er wurde möglicherweise gelöscht.</translation>
    </message>
    <message>
        <source>Saving a chat session for prospect %1</source>
        <translation>Speichern einer Chat-Sitzung für Interessent %1</translation>
    </message>
    <message>
        <source>The activity kind &apos;%1&apos; is unknown; use %2 or %3.</source>
        <translation>Die Aktivitätsart „%1“ ist unbekannt; verwenden Sie %2 oder %3.</translation>
    </message>
    <message>
        <source>Saving an activity for prospect %1</source>
        <translation>Speichern einer Aktivität für Interessent %1</translation>
    </message>
    <message>
        <source>A memory needs a non-empty key.</source>
        <translation>Eine Erinnerung braucht einen nicht leeren Schlüssel.</translation>
    </message>
    <message>
        <source>Saving a memory for prospect %1</source>
        <translation>Speichern einer Erinnerung für Interessent %1</translation>
    </message>
    <message>
        <source>A profile match needs a profile name.</source>
        <translation>Eine Profilzuordnung braucht einen Profilnamen.</translation>
    </message>
    <message>
        <source>Saving a profile match for prospect %1</source>
        <translation>Speichern einer Profilzuordnung für Interessent %1</translation>
    </message>
</context>
<context>
    <name>Breezee::Provider</name>
    <message>
        <source>No provider with the key &quot;%1&quot; is known. Check the provider seed.</source>
        <translation>Es ist kein Anbieter mit dem Schlüssel „%1“ bekannt. Prüfen Sie die Anbieterliste.</translation>
    </message>
    <message>
        <source>%1 is not configured: the value &quot;%2&quot; is missing. Set it in the [%3] group of %4 or in the environment variable %5.</source>
        <translation>%1 ist nicht eingerichtet: Der Wert „%2“ fehlt. Setzen Sie ihn in der Gruppe [%3] von %4 oder in der Umgebungsvariablen %5.</translation>
    </message>
    <message>
        <source>%1 is not available yet.</source>
        <translation>%1 ist noch nicht verfügbar.</translation>
    </message>
    <message>
        <source>The %1 URL &quot;%2&quot; is not a valid http or https URL. Correct the credential block in %3.</source>
        <translation>Die %1-URL „%2“ ist keine gültige http- oder https-URL. Korrigieren Sie den Zugangsdatenblock in %3.</translation>
    </message>
    <message>
        <source>%1 has no registered redirect URI in the provider seed.</source>
        <translation>%1 hat in der Anbieterliste keine registrierte Weiterleitungs-URI.</translation>
    </message>
</context>
<context>
    <name>Breezee::ProviderCard</name>
    <message>
        <source>Provider badge</source>
        <translation>Anbieterlogo</translation>
    </message>
    <message>
        <source>Provider name</source>
        <translation>Anbietername</translation>
    </message>
    <message>
        <source>Provider description</source>
        <translation>Anbieterbeschreibung</translation>
    </message>
    <message>
        <source>Connected account</source>
        <translation>Verbundenes Konto</translation>
    </message>
    <message>
        <source>Connection time</source>
        <translation>Verbindungszeitpunkt</translation>
    </message>
    <message>
        <source>Connection message</source>
        <translation>Verbindungsmeldung</translation>
    </message>
    <message>
        <source>Authorization URL</source>
        <translation>Autorisierungs-URL</translation>
    </message>
    <message>
        <source>Copy the authorization URL to the clipboard</source>
        <translation>Die Autorisierungs-URL in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Copy authorization URL</source>
        <translation>Autorisierungs-URL kopieren</translation>
    </message>
    <message>
        <source>Cop&amp;y</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Open the authorization URL in the default browser</source>
        <translation>Die Autorisierungs-URL im Standardbrowser öffnen</translation>
    </message>
    <message>
        <source>Open authorization URL in browser</source>
        <translation>Autorisierungs-URL im Browser öffnen</translation>
    </message>
    <message>
        <source>&amp;Open browser</source>
        <translation>Browser ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Fehlermeldung</translation>
    </message>
    <message>
        <source>Dismiss this message</source>
        <translation>Diese Meldung ausblenden</translation>
    </message>
    <message>
        <source>Dismiss error</source>
        <translation>Fehler ausblenden</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <source>Show permissions</source>
        <translation>Berechtigungen anzeigen</translation>
    </message>
    <message>
        <source>&amp;Disconnect…</source>
        <translation>&amp;Trennen …</translation>
    </message>
    <message>
        <source>C&amp;ancel</source>
        <translation>A&amp;bbrechen</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Neu verbinden</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>%1 badge</source>
        <translation>Logo von %1</translation>
    </message>
    <message>
        <source>Coming soon</source>
        <translation>Demnächst</translation>
    </message>
    <message>
        <source>Hub %1</source>
        <translation>Hub %1</translation>
    </message>
    <message>
        <source>Account %1</source>
        <translation>Konto %1</translation>
    </message>
    <message>
        <source>Connected since %1</source>
        <translation>Verbunden seit %1</translation>
    </message>
    <message>
        <source>%1 no longer accepts the saved sign-in. Reconnect to resume the sync.</source>
        <translation>%1 akzeptiert die gespeicherte Anmeldung nicht mehr. Verbinden Sie sich neu, um die Synchronisierung fortzusetzen.</translation>
    </message>
    <message>
        <source>%1 cannot be reached. The sync retries automatically.</source>
        <translation>%1 ist nicht erreichbar. Die Synchronisierung versucht es automatisch erneut.</translation>
    </message>
    <message>
        <source>Finish signing in to %1 in your browser.</source>
        <translation>Schließen Sie die Anmeldung bei %1 in Ihrem Browser ab.</translation>
    </message>
    <message>
        <source>Preparing the sign-in page…</source>
        <translation>Die Anmeldeseite wird vorbereitet …</translation>
    </message>
    <message>
        <source>If no browser window opened, copy this address into a browser on this computer:</source>
        <translation>Falls sich kein Browserfenster geöffnet hat, kopieren Sie diese Adresse in einen Browser auf diesem Computer:</translation>
    </message>
    <message>
        <source>The browser could not be opened. Copy this address into a browser on this computer:</source>
        <translation>Der Browser konnte nicht geöffnet werden. Kopieren Sie diese Adresse in einen Browser auf diesem Computer:</translation>
    </message>
    <message>
        <source>Connect %1</source>
        <translation>%1 verbinden</translation>
    </message>
    <message>
        <source>Reconnect %1</source>
        <translation>%1 neu verbinden</translation>
    </message>
    <message>
        <source>Cancel connecting %1</source>
        <translation>Verbinden mit %1 abbrechen</translation>
    </message>
    <message>
        <source>Disconnect %1</source>
        <translation>%1 trennen</translation>
    </message>
    <message>
        <source>Sign in to %1 in your browser and allow the sync</source>
        <translation>Melden Sie sich im Browser bei %1 an und erlauben Sie die Synchronisierung</translation>
    </message>
    <message>
        <source>Sign in to %1 again to renew the connection</source>
        <translation>Melden Sie sich erneut bei %1 an, um die Verbindung zu erneuern</translation>
    </message>
    <message>
        <source>Granted by the account, not requested by this console.</source>
        <translation>Vom Konto erteilt, von dieser Konsole nicht angefordert.</translation>
    </message>
    <message>
        <source>Permissions granted (%1)</source>
        <translation>Erteilte Berechtigungen (%1)</translation>
    </message>
    <message>
        <source>Permissions requested (%1)</source>
        <translation>Angeforderte Berechtigungen (%1)</translation>
    </message>
    <message>
        <source>Show what %1 is allowed to do and why</source>
        <translation>Anzeigen, was %1 darf und warum</translation>
    </message>
    <message>
        <source>%1 (not granted)</source>
        <translation>%1 (nicht erteilt)</translation>
    </message>
    <message>
        <source>Permission %1</source>
        <translation>Berechtigung %1</translation>
    </message>
    <message>
        <source>Reason for %1</source>
        <translation>Grund für %1</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Hide permissions</source>
        <translation>Berechtigungen ausblenden</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Test the connection to %1</source>
        <translation>Verbindung zu %1 testen</translation>
    </message>
    <message>
        <source>Check that %1 still accepts the sign-in and show the account and permissions it reports</source>
        <translation>Prüfen, ob %1 die Anmeldung noch annimmt, und das gemeldete Konto mit den Berechtigungen anzeigen</translation>
    </message>
</context>
<context>
    <name>Breezee::ResyncDialog</name>
    <message>
        <source>Kept HubSpot&apos;s value &apos;%1&apos;</source>
        <translation>HubSpot-Wert „%1“ behalten</translation>
    </message>
    <message>
        <source>Chat summary</source>
        <translation>Chat-Zusammenfassung</translation>
    </message>
    <message>
        <source>Meeting booked</source>
        <translation>Termin gebucht</translation>
    </message>
    <message>
        <source>Form submission</source>
        <translation>Formulareingang</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Contact activity</source>
        <translation>Kontaktaktivität</translation>
    </message>
    <message>
        <source>No company name, so nothing is linked</source>
        <translation>Kein Firmenname, daher wird nichts verknüpft</translation>
    </message>
    <message>
        <source>Already linked to HubSpot company %1</source>
        <translation>Bereits mit der HubSpot-Firma %1 verknüpft</translation>
    </message>
    <message>
        <source>Links HubSpot company %1</source>
        <translation>Verknüpft die HubSpot-Firma %1</translation>
    </message>
    <message>
        <source>Links HubSpot company %1, chosen in the console</source>
        <translation>Verknüpft die in der Konsole ausgewählte HubSpot-Firma %1</translation>
    </message>
    <message>
        <source>Creates the HubSpot company &quot;%1&quot; and links it</source>
        <translation>Legt die HubSpot-Firma „%1“ an und verknüpft sie</translation>
    </message>
    <message>
        <source>Company ambiguous: %1 HubSpot companies are named &quot;%2&quot;, so none is linked until you choose one</source>
        <translation>Firma nicht eindeutig: %1 HubSpot-Firmen heißen „%2“, daher wird keine verknüpft, bis Sie eine auswählen</translation>
    </message>
    <message>
        <source>Not checked: the company search in HubSpot failed</source>
        <translation>Nicht geprüft: Die Firmensuche in HubSpot ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Resync Prospect %1</source>
        <translation>Interessent %1 erneut synchronisieren</translation>
    </message>
    <message>
        <source>Choose what to send to HubSpot again. The preview shows what the resync would change; nothing is sent until the sync runs.</source>
        <translation>Wählen Sie, was erneut an HubSpot gesendet werden soll. Die Vorschau zeigt, was sich dadurch ändern würde; gesendet wird erst, wenn die Synchronisierung läuft.</translation>
    </message>
    <message>
        <source>&amp;All</source>
        <translation>&amp;Alles</translation>
    </message>
    <message>
        <source>&amp;Fields</source>
        <translation>&amp;Felder</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>&amp;Notizen</translation>
    </message>
    <message>
        <source>&amp;Company link</source>
        <translation>&amp;Firmenverknüpfung</translation>
    </message>
    <message>
        <source>The standard fields, filled only where HubSpot is blank, and the Breezee properties</source>
        <translation>Die Standardfelder, nur dort ausgefüllt, wo HubSpot leer ist, und die Breezee-Eigenschaften</translation>
    </message>
    <message>
        <source>Timeline notes that HubSpot does not have yet</source>
        <translation>Chronik-Notizen, die HubSpot noch nicht hat</translation>
    </message>
    <message>
        <source>Looks the company up again, or links the one chosen in the console</source>
        <translation>Schlägt die Firma erneut nach oder verknüpft die in der Konsole ausgewählte</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Element</translation>
    </message>
    <message>
        <source>In the console</source>
        <translation>In der Konsole</translation>
    </message>
    <message>
        <source>What HubSpot gets</source>
        <translation>Was HubSpot erhält</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Felder</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Company link</source>
        <translation>Firmenverknüpfung</translation>
    </message>
    <message>
        <source>What the resync would send</source>
        <translation>Was die erneute Synchronisierung senden würde</translation>
    </message>
    <message>
        <source>&amp;Resync</source>
        <translation>E&amp;rneut synchronisieren</translation>
    </message>
    <message>
        <source>Reading HubSpot to preview the resync…</source>
        <translation>HubSpot wird für die Vorschau gelesen …</translation>
    </message>
    <message>
        <source>Prospect %1 no longer exists.</source>
        <translation>Den Interessenten %1 gibt es nicht mehr.</translation>
    </message>
    <message>
        <source>The sync would skip this prospect: %1</source>
        <translation>Die Synchronisierung würde diesen Interessenten überspringen: %1</translation>
    </message>
    <message>
        <source>This is what the resync would send to HubSpot.</source>
        <translation>Das würde die erneute Synchronisierung an HubSpot senden.</translation>
    </message>
    <message>
        <source>No preview: %1
Resync still puts the prospect back on the queue.</source>
        <translation>Keine Vorschau: %1
„Erneut synchronisieren“ stellt den Interessenten trotzdem wieder in die Warteschlange.</translation>
    </message>
    <message>
        <source>Creates a new HubSpot contact for %1</source>
        <translation>Legt einen neuen HubSpot-Kontakt für %1 an</translation>
    </message>
    <message>
        <source>Updates HubSpot contact %1</source>
        <translation>Aktualisiert den HubSpot-Kontakt %1</translation>
    </message>
    <message>
        <source>Nothing to write</source>
        <translation>Nichts zu schreiben</translation>
    </message>
    <message>
        <source>%1 written</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>No new notes</source>
        <translation>Keine neuen Notizen</translation>
    </message>
    <message>
        <source>%1 to post</source>
        <translation>%1 zu senden</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>Kandidat</translation>
    </message>
</context>
<context>
    <name>Breezee::StatusPill</name>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
</context>
<context>
    <name>Breezee::StatusTone</name>
    <message>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <source>Waiting for browser</source>
        <translation>Warte auf den Browser</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Reconnect required</source>
        <translation>Neu verbinden erforderlich</translation>
    </message>
    <message>
        <source>Offline, retrying</source>
        <translation>Offline, neuer Versuch folgt</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
</context>
<context>
    <name>Breezee::SyncActivity</name>
    <message>
        <source>Less than a minute left</source>
        <translation>Noch weniger als eine Minute</translation>
    </message>
    <message numerus="yes">
        <source>About %n min left</source>
        <translation>
            <numerusform>Noch etwa %n Min.</numerusform>
            <numerusform>Noch etwa %n Min.</numerusform>
        </translation>
    </message>
    <message>
        <source>About %1 h %2 min left</source>
        <translation>Noch etwa %1 Std. %2 Min.</translation>
    </message>
    <message>
        <source>Sync idle</source>
        <translation>Synchronisierung ruht</translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation>Synchronisierung läuft</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>Auf dem neuesten Stand</translation>
    </message>
    <message>
        <source>Waiting for %1 rate limit</source>
        <translation>Warten auf das Ratenlimit von %1</translation>
    </message>
    <message>
        <source>Paused: reconnect required (1 prospect waiting)</source>
        <translation>Angehalten: Neu verbinden erforderlich (1 Interessent wartet)</translation>
    </message>
    <message numerus="yes">
        <source>Paused: reconnect required (%Ln prospects waiting)</source>
        <translation>
            <numerusform>Angehalten: Neu verbinden erforderlich (%Ln Interessent wartet)</numerusform>
            <numerusform>Angehalten: Neu verbinden erforderlich (%Ln Interessenten warten)</numerusform>
        </translation>
    </message>
    <message>
        <source>Paused: reconnect required</source>
        <translation>Angehalten: Neu verbinden erforderlich</translation>
    </message>
    <message>
        <source>Paused: %1 offline (1 prospect waiting)</source>
        <translation>Angehalten: %1 offline (1 Interessent wartet)</translation>
    </message>
    <message numerus="yes">
        <source>Paused: %1 offline (%Ln prospects waiting)</source>
        <translation>
            <numerusform>Angehalten: %1 offline (%Ln Interessent wartet)</numerusform>
            <numerusform>Angehalten: %1 offline (%Ln Interessenten warten)</numerusform>
        </translation>
    </message>
    <message>
        <source>Paused: %1 offline</source>
        <translation>Angehalten: %1 offline</translation>
    </message>
    <message>
        <source>%1 synced · %2 failed · %3 total</source>
        <translation>%1 synchronisiert · %2 fehlgeschlagen · %3 insgesamt</translation>
    </message>
    <message>
        <source>%1 synced · %2 failed</source>
        <translation>%1 synchronisiert · %2 fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>Breezee::SyncActivityPanel</name>
    <message>
        <source>Sync progress</source>
        <translation>Fortschritt der Synchronisierung</translation>
    </message>
    <message>
        <source>requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Requests per 10 s over the last 5 minutes; the dashed line is the budget of %1 per 10 s.</source>
        <translation>Anfragen je 10 s in den letzten 5 Minuten; die gestrichelte Linie ist das Budget von %1 je 10 s.</translation>
    </message>
    <message>
        <source>prospects</source>
        <translation>Interessenten</translation>
    </message>
    <message>
        <source>Prospects synced per 10 s over the last 5 minutes</source>
        <translation>Synchronisierte Interessenten je 10 s in den letzten 5 Minuten</translation>
    </message>
</context>
<context>
    <name>Breezee::SyncFailure</name>
    <message>
        <source>No or invalid email address</source>
        <translation>Keine oder ungültige E-Mail-Adresse</translation>
    </message>
    <message>
        <source>Rejected by HubSpot&apos;s validation</source>
        <translation>Von der HubSpot-Prüfung abgelehnt</translation>
    </message>
    <message>
        <source>HubSpot rate limit</source>
        <translation>HubSpot-Ratenlimit</translation>
    </message>
    <message>
        <source>HubSpot authorization</source>
        <translation>HubSpot-Autorisierung</translation>
    </message>
    <message>
        <source>Other errors</source>
        <translation>Andere Fehler</translation>
    </message>
    <message>
        <source>HubSpot finds contacts by email address, so these prospects cannot be sent. Correct or add the email address in the source system, import the prospects again, and they are queued automatically.</source>
        <translation>HubSpot findet Kontakte über die E-Mail-Adresse, daher können diese Interessenten nicht gesendet werden. Korrigieren oder ergänzen Sie die E-Mail-Adresse im Quellsystem und importieren Sie die Interessenten erneut; sie kommen dann automatisch in die Warteschlange.</translation>
    </message>
    <message>
        <source>HubSpot refused one of the values. Read HubSpot&apos;s message below to see which property and value it rejected, correct the value in the source system and import again. If a property is missing or has the wrong type in HubSpot, ask the HubSpot administrator to fix it, then retry the group.</source>
        <translation>HubSpot hat einen der Werte abgelehnt. Die Meldung von HubSpot unten zeigt, welche Eigenschaft und welchen Wert; korrigieren Sie den Wert im Quellsystem und importieren Sie erneut. Fehlt eine Eigenschaft in HubSpot oder hat sie den falschen Typ, bitten Sie die HubSpot-Administration, das zu beheben, und versuchen Sie die Gruppe dann erneut.</translation>
    </message>
    <message>
        <source>HubSpot limits how many requests an app may send. Nothing is wrong with these prospects: wait a few minutes and retry the group. If it happens every day, the account&apos;s daily limit is too low for the number of prospects.</source>
        <translation>HubSpot begrenzt, wie viele Anfragen eine App senden darf. Mit diesen Interessenten ist alles in Ordnung: Warten Sie einige Minuten und versuchen Sie die Gruppe erneut. Passiert das täglich, ist das Tageslimit des Kontos für die Zahl der Interessenten zu niedrig.</translation>
    </message>
    <message>
        <source>HubSpot did not accept the console&apos;s sign-in or a permission is missing. Reconnect HubSpot on the Integrations page and allow every requested permission, then retry the group.</source>
        <translation>HubSpot hat die Anmeldung der Konsole nicht akzeptiert oder eine Berechtigung fehlt. Verbinden Sie HubSpot auf der Seite „Integrationen“ neu, erlauben Sie alle angeforderten Berechtigungen und versuchen Sie die Gruppe dann erneut.</translation>
    </message>
    <message>
        <source>The cause is not one of the known kinds. Read the message below. Retry the group once; if the error comes back, send the message to the Breezee support team.</source>
        <translation>Die Ursache gehört zu keiner der bekannten Arten. Lesen Sie die Meldung unten. Versuchen Sie die Gruppe einmal erneut; tritt der Fehler wieder auf, senden Sie die Meldung an das Breezee-Supportteam.</translation>
    </message>
</context>
<context>
    <name>Breezee::SyncPreview</name>
    <message>
        <source>Reading the sync queue failed: %1</source>
        <translation>Die Sync-Warteschlange konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>HubSpot is not connected, so nothing can be previewed.</source>
        <translation>HubSpot ist nicht verbunden, daher ist keine Vorschau möglich.</translation>
    </message>
    <message>
        <source>The preview cannot read the store because its connection is not open.</source>
        <translation>Die Vorschau kann den Datenspeicher nicht lesen, weil ihre Verbindung nicht geöffnet ist.</translation>
    </message>
    <message>
        <source>The prospect was deleted.</source>
        <translation>Der Interessent wurde gelöscht.</translation>
    </message>
    <message>
        <source>No email address: HubSpot identifies contacts by email.</source>
        <translation>Keine E-Mail-Adresse: HubSpot erkennt Kontakte an der E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>The email address &quot;%1&quot; is not valid.</source>
        <translation>Die E-Mail-Adresse „%1“ ist ungültig.</translation>
    </message>
    <message>
        <source>The Breezee properties could not be checked: %1</source>
        <translation>Die Breezee-Eigenschaften konnten nicht geprüft werden: %1</translation>
    </message>
    <message>
        <source>The HubSpot property %1 has the type &quot;%2&quot; but the console writes &quot;%3&quot;, so the sync stops until it is deleted or renamed in HubSpot.</source>
        <translation>Die HubSpot-Eigenschaft %1 hat den Typ „%2“, die Konsole schreibt aber „%3“; daher hält die Synchronisierung an, bis die Eigenschaft in HubSpot gelöscht oder umbenannt wird.</translation>
    </message>
    <message>
        <source>Looking up contacts in HubSpot failed: %1</source>
        <translation>Die Kontakte konnten in HubSpot nicht nachgeschlagen werden: %1</translation>
    </message>
    <message>
        <source>Searching HubSpot for companies failed: %1</source>
        <translation>Die Firmensuche in HubSpot ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>HubSpot did not grant a permission the preview needs: %1. Reconnect and allow every permission listed.</source>
        <translation>HubSpot hat eine Berechtigung nicht erteilt, die die Vorschau braucht: %1. Verbinden Sie sich neu und erlauben Sie alle aufgeführten Berechtigungen.</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Geschrieben</translation>
    </message>
    <message>
        <source>Kept HubSpot&apos;s value</source>
        <translation>HubSpot-Wert behalten</translation>
    </message>
    <message>
        <source>Already the same in HubSpot</source>
        <translation>In HubSpot bereits gleich</translation>
    </message>
    <message>
        <source>Blank, not sent</source>
        <translation>Leer, nicht gesendet</translation>
    </message>
    <message>
        <source>Never written</source>
        <translation>Nie geschrieben</translation>
    </message>
</context>
<context>
    <name>Breezee::SyncStore</name>
    <message>
        <source>Saving the company links failed: %1</source>
        <translation>Die Firmenverknüpfungen konnten nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Saving the posted notes failed: %1</source>
        <translation>Die gesendeten Notizen konnten nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Saving the sync results failed: %1</source>
        <translation>Die Ergebnisse der Synchronisierung konnten nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Prospect %1 does not exist.</source>
        <translation>Den Interessenten %1 gibt es nicht.</translation>
    </message>
    <message>
        <source>Prospect %1 has no company name to link.</source>
        <translation>Der Interessent %1 hat keinen Firmennamen, der verknüpft werden könnte.</translation>
    </message>
    <message>
        <source>Choose a HubSpot company to link.</source>
        <translation>Wählen Sie eine HubSpot-Firma zum Verknüpfen.</translation>
    </message>
</context>
<context>
    <name>Breezee::ThroughputSparkline</name>
    <message>
        <source>Throughput</source>
        <translation>Durchsatz</translation>
    </message>
    <message>
        <source>%1 %2 in the last 10 seconds, at most %3 per 10 seconds</source>
        <translation>%1 %2 in den letzten 10 Sekunden, höchstens %3 je 10 Sekunden</translation>
    </message>
    <message>
        <source>(budget %1 per 10 seconds)</source>
        <translation>(Budget %1 je 10 Sekunden)</translation>
    </message>
</context>
<context>
    <name>Breezee::TokenBroker</name>
    <message>
        <source>Another Breezee process has been refreshing the %1 sign-in for %2 seconds. Close other copies of the console and try again.</source>
        <translation>Ein anderer Breezee-Prozess erneuert die Anmeldung bei %1 seit %2 Sekunden. Schließen Sie andere Instanzen der Konsole und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Reconnect required: no saved %1 sign-in was found in the keychain.</source>
        <translation>Neu verbinden erforderlich: Im Schlüsselbund wurde keine gespeicherte Anmeldung bei %1 gefunden.</translation>
    </message>
</context>
<context>
    <name>Breezee::TokenClient</name>
    <message>
        <source>%1 could not be reached (%2). The connection is kept; retrying when the network is back.</source>
        <translation>%1 war nicht erreichbar (%2). Die Verbindung bleibt erhalten; neuer Versuch, sobald das Netzwerk wieder da ist.</translation>
    </message>
    <message>
        <source>Reconnect required: the provider rejected the saved sign-in (%1).</source>
        <translation>Neu verbinden erforderlich: Der Anbieter hat die gespeicherte Anmeldung abgelehnt (%1).</translation>
    </message>
    <message>
        <source>The token endpoint answered HTTP %1. Retrying shortly.</source>
        <translation>Der Token-Endpunkt antwortete mit HTTP %1. Neuer Versuch in Kürze.</translation>
    </message>
    <message>
        <source>The token endpoint answered HTTP %1: %2</source>
        <translation>Der Token-Endpunkt antwortete mit HTTP %1: %2</translation>
    </message>
    <message>
        <source>The token endpoint answered without an access token.</source>
        <translation>Der Token-Endpunkt antwortete ohne Zugriffstoken.</translation>
    </message>
    <message>
        <source>%1 has no token introspection endpoint.</source>
        <translation>%1 hat keinen Endpunkt zur Token-Prüfung.</translation>
    </message>
    <message>
        <source>%1 has no revoke endpoint.</source>
        <translation>%1 hat keinen Endpunkt zum Widerrufen.</translation>
    </message>
</context>
<context>
    <name>Breezee::TokenFileStore</name>
    <message>
        <source>The token file %1 does not exist. Create it with &quot;breezee-integrations connect --token-file %1&quot;, or leave out --token-file to use the keyring.</source>
        <translation>Die Token-Datei %1 existiert nicht. Legen Sie sie mit „breezee-integrations connect --token-file %1“ an, oder lassen Sie --token-file weg, um den Schlüsselbund zu verwenden.</translation>
    </message>
    <message>
        <source>The token file %1 is not a regular file. Name a file, not a directory or device.</source>
        <translation>Die Token-Datei %1 ist keine reguläre Datei. Geben Sie eine Datei an, kein Verzeichnis und kein Gerät.</translation>
    </message>
    <message>
        <source>The token file %1 belongs to another user. Only the user that runs breezee-integrations may own it: chown it to that user and run &quot;chmod 600 %1&quot;.</source>
        <translation>Die Token-Datei %1 gehört einem anderen Benutzer. Nur der Benutzer, der breezee-integrations ausführt, darf sie besitzen: Übertragen Sie sie mit chown an diesen Benutzer und führen Sie „chmod 600 %1“ aus.</translation>
    </message>
    <message>
        <source>The token file %1 can be read or written by other users. It holds a HubSpot refresh token, so it must be readable by its owner only. Run &quot;chmod 600 %1&quot; and start again.</source>
        <translation>Die Token-Datei %1 kann von anderen Benutzern gelesen oder geschrieben werden. Sie enthält ein HubSpot-Aktualisierungstoken und darf daher nur für ihren Besitzer lesbar sein. Führen Sie „chmod 600 %1“ aus und starten Sie erneut.</translation>
    </message>
    <message>
        <source>Warning: the HubSpot refresh token is kept in the file %1, not in a keyring. Anyone who can read that file, or a backup of it, can act on the HubSpot account: keep it at mode 0600 and out of backups, or run a Secret Service keyring instead.</source>
        <translation>Warnung: Das HubSpot-Aktualisierungstoken liegt in der Datei %1, nicht in einem Schlüsselbund. Wer diese Datei oder eine Sicherung davon lesen kann, kann im HubSpot-Konto handeln: Belassen Sie sie bei Modus 0600 und außerhalb von Sicherungen, oder verwenden Sie stattdessen einen Secret-Service-Schlüsselbund.</translation>
    </message>
    <message>
        <source>The token file %1 cannot be read: %2</source>
        <translation>Die Token-Datei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The token file %1 cannot be written: %2</source>
        <translation>Die Token-Datei %1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>ProviderSeed</name>
    <message>
        <source>Push every new or updated prospect into a HubSpot contact, with chat summaries and activities as notes on the contact&apos;s timeline.</source>
        <translation>Überträgt jeden neuen oder geänderten Interessenten in einen HubSpot-Kontakt, mit Chat-Zusammenfassungen und Aktivitäten als Notizen in der Chronik des Kontakts.</translation>
    </message>
    <message>
        <source>Required by HubSpot for every app that signs in with OAuth.</source>
        <translation>Von HubSpot für jede App verlangt, die sich mit OAuth anmeldet.</translation>
    </message>
    <message>
        <source>Find existing contacts by email so that nothing is created twice.</source>
        <translation>Vorhandene Kontakte über die E-Mail-Adresse finden, damit nichts doppelt angelegt wird.</translation>
    </message>
    <message>
        <source>Create contacts, fill their blank fields and add notes to their timeline.</source>
        <translation>Kontakte anlegen, ihre leeren Felder füllen und Notizen in ihre Chronik schreiben.</translation>
    </message>
    <message>
        <source>Find a prospect&apos;s company by name.</source>
        <translation>Die Firma eines Interessenten über den Namen finden.</translation>
    </message>
    <message>
        <source>Create a missing company and link the contact to it.</source>
        <translation>Eine fehlende Firma anlegen und den Kontakt mit ihr verknüpfen.</translation>
    </message>
    <message>
        <source>Check that the BREEZEE SCORE, BREEZEE SOURCE and last activity properties exist.</source>
        <translation>Prüfen, ob die Eigenschaften BREEZEE SCORE, BREEZEE SOURCE und letzte Aktivität vorhanden sind.</translation>
    </message>
    <message>
        <source>Create the Breezee contact properties on the first sync.</source>
        <translation>Die Breezee-Kontakteigenschaften bei der ersten Synchronisierung anlegen.</translation>
    </message>
    <message>
        <source>Create Salesforce leads from qualified prospects.</source>
        <translation>Salesforce-Leads aus qualifizierten Interessenten anlegen.</translation>
    </message>
    <message>
        <source>Post a message to a channel when a hot prospect books a meeting.</source>
        <translation>Eine Nachricht in einem Kanal posten, wenn ein heißer Interessent einen Termin bucht.</translation>
    </message>
    <message>
        <source>Notify a Teams channel about new leads and booked meetings.</source>
        <translation>Einen Teams-Kanal über neue Leads und gebuchte Termine benachrichtigen.</translation>
    </message>
    <message>
        <source>Send a daily digest of new prospects to your sales inbox.</source>
        <translation>Eine tägliche Übersicht neuer Interessenten an Ihr Vertriebspostfach senden.</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>Details einblenden …</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>Details ausblenden …</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Ja</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Nein</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Connects HubSpot with OAuth 2.0 and syncs prospects one way into HubSpot contacts.</source>
        <translation>Verbindet HubSpot über OAuth 2.0 und überträgt Interessenten in eine Richtung in HubSpot-Kontakte.</translation>
    </message>
    <message>
        <source>Profile to open (default: BREEZEE_PROFILE, or &quot;default&quot;). Each profile has its own data and keychain entries.</source>
        <translation>Zu öffnendes Profil (Standard: BREEZEE_PROFILE oder „default“). Jedes Profil hat eigene Daten und Schlüsselbundeinträge.</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Directory for the profile&apos;s data (default: BREEZEE_DATA_DIR, or the profile&apos;s folder in the user&apos;s application data).</source>
        <translation>Verzeichnis für die Daten des Profils (Standard: BREEZEE_DATA_DIR oder der Ordner des Profils in den Anwendungsdaten des Benutzers).</translation>
    </message>
    <message>
        <source>dir</source>
        <translation>Verzeichnis</translation>
    </message>
    <message>
        <source>SQLite file or postgresql://user:password@host:port/db URL (default: BREEZEE_DATABASE, or breezee.sqlite in the data directory).</source>
        <translation>SQLite-Datei oder URL der Form postgresql://Benutzer:Passwort@Host:Port/DB (Standard: BREEZEE_DATABASE oder breezee.sqlite im Datenverzeichnis).</translation>
    </message>
    <message>
        <source>path|url</source>
        <translation>Pfad|URL</translation>
    </message>
    <message>
        <source>INI file with each provider&apos;s OAuth client id and secret (default: BREEZEE_CREDENTIALS, or credentials.ini in the profile&apos;s configuration folder).</source>
        <translation>INI-Datei mit der OAuth-Client-ID und dem Client-Secret jedes Anbieters (Standard: BREEZEE_CREDENTIALS oder credentials.ini im Konfigurationsordner des Profils).</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Breezee Integrations Console</source>
        <translation>Breezee Integrations Console</translation>
    </message>
</context>
</TS>
