#include "AboutDialog.h"
#include "DisconnectDialog.h"
#include "IntegrationsPage.h"
#include "ProviderCard.h"
#include "StatusPill.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace Breezee;

Q_DECLARE_METATYPE(Breezee::ConnectionState)

namespace {

ProviderDefinition hubSpotDefinition()
{
    ProviderDefinition definition;
    definition.key = QStringLiteral("hubspot");
    definition.displayName = QStringLiteral("HubSpot");
    definition.description = QStringLiteral("Push prospects into HubSpot contacts.");
    definition.live = true;
    definition.scopes = {
        {QStringLiteral("oauth"), QStringLiteral("Required for OAuth apps.")},
        {QStringLiteral("crm.objects.contacts.read"), QStringLiteral("Find existing contacts by email.")},
        {QStringLiteral("crm.objects.contacts.write"), QStringLiteral("Create and update contacts.")},
    };
    return definition;
}

ProviderStatus statusFor(ConnectionState state, bool withAccount)
{
    ProviderStatus status;
    status.definition = hubSpotDefinition();
    status.state = state;
    if (withAccount) {
        status.accountId = QStringLiteral("24680135");
        status.accountDomain = QStringLiteral("breezee-demo.sandbox.hubspot.test");
        status.accountUser = QStringLiteral("admin@breezee.example");
        status.grantedScopes = {QStringLiteral("oauth"), QStringLiteral("crm.objects.contacts.read"),
                                QStringLiteral("crm.objects.contacts.write")};
        status.connectedAt = QDateTime(QDate(2026, 3, 14), QTime(8, 30), Qt::UTC);
    }
    return status;
}

QStringList visibleButtons(const ProviderCard &card)
{
    QStringList names;
    for (const char *name : {"connectButton", "reconnectButton", "cancelButton", "disconnectButton"}) {
        auto *button = card.findChild<QPushButton *>(QLatin1String(name));
        if (button && button->isVisibleTo(&card))
            names << QLatin1String(name);
    }
    return names;
}

} // namespace

class tst_ProviderCard : public QObject {
    Q_OBJECT

private slots:
    void buttonsFollowState_data();
    void buttonsFollowState();
    void connectedShowsAccount();
    void scopesListReasons();
    void missingScopeMarkedNotGranted();
    void connectingShowsAuthorizationUrl();
    void leavingConnectingClearsUrl();
    void buttonsEmitRequests();
    void errorShownOnceAndDismissed();
    void roadmapProviderComingSoon();
    void disconnectDialogExplainsConsequences();
    void aboutDialogNamesVersionsAndLicences();
    void statusPillHasAccessibleName();
    void columnCountForWidth_data();
    void columnCountForWidth();
};

void tst_ProviderCard::buttonsFollowState_data()
{
    QTest::addColumn<ConnectionState>("state");
    QTest::addColumn<bool>("withAccount");
    QTest::addColumn<QString>("pill");
    QTest::addColumn<QStringList>("buttons");

    QTest::newRow("disconnected") << ConnectionState::Disconnected << false << QStringLiteral("Disconnected")
                                  << QStringList{"connectButton"};
    QTest::newRow("connecting") << ConnectionState::Connecting << false << QStringLiteral("Waiting for browser")
                                << QStringList{"cancelButton"};
    QTest::newRow("connected") << ConnectionState::Connected << true << QStringLiteral("Connected")
                               << QStringList{"disconnectButton"};
    QTest::newRow("token expired") << ConnectionState::TokenExpired << true << QStringLiteral("Reconnect required")
                                   << QStringList{"reconnectButton", "disconnectButton"};
    QTest::newRow("offline") << ConnectionState::Offline << true << QStringLiteral("Offline, retrying")
                             << QStringList{"disconnectButton"};
    QTest::newRow("error, never connected") << ConnectionState::Error << false << QStringLiteral("Error")
                                            << QStringList{"connectButton"};
    QTest::newRow("error, with account") << ConnectionState::Error << true << QStringLiteral("Error")
                                         << QStringList{"reconnectButton", "disconnectButton"};
}

void tst_ProviderCard::buttonsFollowState()
{
    QFETCH(ConnectionState, state);
    QFETCH(bool, withAccount);
    QFETCH(QString, pill);
    QFETCH(QStringList, buttons);

    ProviderCard card(statusFor(state, withAccount));
    QCOMPARE(card.stateText(), pill);
    QCOMPARE(visibleButtons(card), buttons);
    QVERIFY(card.accessibleName().contains(pill));

    // The same card follows a change of state.
    ProviderCard changing(statusFor(ConnectionState::Disconnected, false));
    changing.setStatus(statusFor(state, withAccount));
    QCOMPARE(changing.stateText(), pill);
    QCOMPARE(visibleButtons(changing), buttons);
}

void tst_ProviderCard::connectedShowsAccount()
{
    ProviderCard card(statusFor(ConnectionState::Connected, true));
    auto *account = card.findChild<QLabel *>(QStringLiteral("accountLabel"));
    QVERIFY(account);
    QVERIFY(account->isVisibleTo(&card));
    QCOMPARE(account->text(),
             QStringLiteral("Hub 24680135 · breezee-demo.sandbox.hubspot.test · admin@breezee.example"));

    auto *since = card.findChild<QLabel *>(QStringLiteral("connectedSinceLabel"));
    QVERIFY(since);
    QVERIFY(since->isVisibleTo(&card));
    QVERIFY(since->text().startsWith(QStringLiteral("Connected since ")));

    ProviderCard disconnected(statusFor(ConnectionState::Disconnected, false));
    QVERIFY(!disconnected.findChild<QLabel *>(QStringLiteral("accountLabel"))->isVisibleTo(&disconnected));
}

void tst_ProviderCard::scopesListReasons()
{
    ProviderCard card(statusFor(ConnectionState::Disconnected, false));
    auto *toggle = card.findChild<QToolButton *>(QStringLiteral("scopesToggle"));
    auto *panel = card.findChild<QWidget *>(QStringLiteral("scopesPanel"));
    QVERIFY(toggle);
    QVERIFY(panel);
    QCOMPARE(toggle->text(), QStringLiteral("Permissions requested (3)"));
    QVERIFY(!panel->isVisibleTo(&card));

    toggle->click();
    QVERIFY(panel->isVisibleTo(&card));
    QCOMPARE(toggle->accessibleName(), QStringLiteral("Hide permissions"));

    QStringList reasons;
    QStringList tooltips;
    const QList<QLabel *> labels = panel->findChildren<QLabel *>();
    for (QLabel *label : labels) {
        reasons << label->text();
        if (!label->toolTip().isEmpty())
            tooltips << label->toolTip();
    }
    QVERIFY(reasons.contains(QStringLiteral("crm.objects.contacts.read")));
    QVERIFY(reasons.contains(QStringLiteral("Find existing contacts by email.")));
    QVERIFY(tooltips.contains(QStringLiteral("Create and update contacts.")));

    card.setStatus(statusFor(ConnectionState::Connected, true));
    QCOMPARE(toggle->text(), QStringLiteral("Permissions granted (3)"));
}

void tst_ProviderCard::missingScopeMarkedNotGranted()
{
    ProviderStatus status = statusFor(ConnectionState::Connected, true);
    status.grantedScopes = {QStringLiteral("oauth"), QStringLiteral("crm.objects.contacts.read"),
                            QStringLiteral("crm.lists.read")};
    ProviderCard card(status);

    QStringList texts;
    const QList<QLabel *> labels = card.findChild<QWidget *>(QStringLiteral("scopesPanel"))->findChildren<QLabel *>();
    for (QLabel *label : labels)
        texts << label->text();

    QVERIFY(texts.contains(QStringLiteral("crm.objects.contacts.write (not granted)")));
    QVERIFY(texts.contains(QStringLiteral("crm.lists.read")));
    QCOMPARE(card.findChild<QToolButton *>(QStringLiteral("scopesToggle"))->text(),
             QStringLiteral("Permissions granted (4)"));
}

void tst_ProviderCard::connectingShowsAuthorizationUrl()
{
    ProviderCard card(statusFor(ConnectionState::Connecting, false));
    auto *panel = card.findChild<QWidget *>(QStringLiteral("connectingPanel"));
    auto *browserLabel = card.findChild<QLabel *>(QStringLiteral("browserLabel"));
    auto *hint = card.findChild<QLabel *>(QStringLiteral("browserHintLabel"));
    auto *urlEdit = card.findChild<QLineEdit *>(QStringLiteral("urlEdit"));
    auto *copyButton = card.findChild<QPushButton *>(QStringLiteral("copyUrlButton"));
    QVERIFY(panel && browserLabel && hint && urlEdit && copyButton);

    QVERIFY(panel->isVisibleTo(&card));
    QCOMPARE(browserLabel->text(), QStringLiteral("Finish signing in to HubSpot in your browser."));
    QVERIFY(!urlEdit->isVisibleTo(&card));

    const QUrl url(QStringLiteral("http://127.0.0.1:9/oauth/authorize?client_id=demo&state=abc"));
    card.setAuthorizationUrl(url);
    QVERIFY(urlEdit->isVisibleTo(&card));
    QVERIFY(urlEdit->isReadOnly());
    QCOMPARE(urlEdit->text(), url.toString(QUrl::FullyEncoded));
    QVERIFY(hint->text().startsWith(QStringLiteral("If no browser window opened")));

    card.setBrowserOpened(false);
    QVERIFY(hint->text().startsWith(QStringLiteral("The browser could not be opened")));

    copyButton->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), url.toString(QUrl::FullyEncoded));
    QCOMPARE(copyButton->text(), QStringLiteral("Copied"));
    QTRY_COMPARE_WITH_TIMEOUT(copyButton->text(), QStringLiteral("Cop&y"), 4000);
}

void tst_ProviderCard::leavingConnectingClearsUrl()
{
    ProviderCard card(statusFor(ConnectionState::Connecting, false));
    card.setAuthorizationUrl(QUrl(QStringLiteral("http://127.0.0.1:9/oauth/authorize")));
    QVERIFY(!card.authorizationUrl().isEmpty());

    card.setStatus(statusFor(ConnectionState::Disconnected, false));
    QVERIFY(card.authorizationUrl().isEmpty());
    QVERIFY(!card.findChild<QWidget *>(QStringLiteral("connectingPanel"))->isVisibleTo(&card));
}

void tst_ProviderCard::buttonsEmitRequests()
{
    ProviderCard card(statusFor(ConnectionState::Disconnected, false));
    QSignalSpy connectSpy(&card, &ProviderCard::connectRequested);
    QSignalSpy cancelSpy(&card, &ProviderCard::cancelRequested);
    QSignalSpy disconnectSpy(&card, &ProviderCard::disconnectRequested);
    QSignalSpy openSpy(&card, &ProviderCard::openBrowserRequested);

    card.findChild<QPushButton *>(QStringLiteral("connectButton"))->click();
    QCOMPARE(connectSpy.size(), 1);
    QCOMPARE(connectSpy.first().first().toString(), QStringLiteral("hubspot"));

    card.setStatus(statusFor(ConnectionState::Connecting, false));
    const QUrl url(QStringLiteral("http://127.0.0.1:9/oauth/authorize"));
    card.setAuthorizationUrl(url);
    card.findChild<QPushButton *>(QStringLiteral("openBrowserButton"))->click();
    QCOMPARE(openSpy.size(), 1);
    QCOMPARE(openSpy.first().at(1).toUrl(), url);
    card.findChild<QPushButton *>(QStringLiteral("cancelButton"))->click();
    QCOMPARE(cancelSpy.size(), 1);

    card.setStatus(statusFor(ConnectionState::TokenExpired, true));
    card.findChild<QPushButton *>(QStringLiteral("reconnectButton"))->click();
    QCOMPARE(connectSpy.size(), 2);
    card.findChild<QPushButton *>(QStringLiteral("disconnectButton"))->click();
    QCOMPARE(disconnectSpy.size(), 1);
}

void tst_ProviderCard::errorShownOnceAndDismissed()
{
    const QString message = QStringLiteral("HubSpot is not configured: the value \"client_id\" is missing.");
    ProviderStatus status = statusFor(ConnectionState::Error, false);
    status.message = message;

    ProviderCard card(status);
    auto *messageLabel = card.findChild<QLabel *>(QStringLiteral("messageLabel"));
    QVERIFY(messageLabel);
    QVERIFY(messageLabel->isVisibleTo(&card));
    QCOMPARE(messageLabel->text(), message);

    card.showError(message);
    QCOMPARE(card.errorText(), message);
    QVERIFY(!messageLabel->isVisibleTo(&card));

    card.clearError();
    QVERIFY(card.errorText().isEmpty());
    QVERIFY(messageLabel->isVisibleTo(&card));

    card.showError(QStringLiteral("The browser flow timed out."));
    card.setStatus(statusFor(ConnectionState::Connected, true));
    QVERIFY(card.errorText().isEmpty());
}

void tst_ProviderCard::roadmapProviderComingSoon()
{
    ProviderStatus status;
    status.definition.key = QStringLiteral("slack");
    status.definition.displayName = QStringLiteral("Slack");
    status.definition.description = QStringLiteral("Post a message to a channel.");
    status.definition.live = false;

    ProviderCard card(status);
    QCOMPARE(card.stateText(), QStringLiteral("Coming soon"));
    QVERIFY(!card.isEnabled());
    QVERIFY(visibleButtons(card).isEmpty());
    QVERIFY(!card.findChild<QToolButton *>(QStringLiteral("scopesToggle"))->isVisibleTo(&card));
    QVERIFY(!card.findChild<QLabel *>(QStringLiteral("badgeLabel"))->pixmap().isNull());
}

void tst_ProviderCard::disconnectDialogExplainsConsequences()
{
    DisconnectDialog dialog(QStringLiteral("HubSpot"));
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Disconnect HubSpot"));

    const QString text = dialog.consequencesText();
    QVERIFY2(text.contains(QStringLiteral("sync to HubSpot stops")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("revoked")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("removed from this computer")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Contacts already in HubSpot stay there")), qPrintable(text));

    auto *buttons = dialog.findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"));
    QVERIFY(buttons);
    QVERIFY(buttons->button(QDialogButtonBox::Cancel)->isDefault());
    QCOMPARE(buttons->buttonRole(dialog.disconnectButton()), QDialogButtonBox::DestructiveRole);

    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.disconnectButton()->click();
    QCOMPARE(accepted.size(), 1);
}

void tst_ProviderCard::aboutDialogNamesVersionsAndLicences()
{
    Profile profile;
    profile.name = QStringLiteral("demo");
    profile.dataDirectory = QStringLiteral("/tmp/breezee-demo");
    profile.credentialsFile = QStringLiteral("/tmp/breezee-demo/credentials.ini");
    profile.database = DatabaseConfig::fromString(QStringLiteral("postgresql://admin:secret@127.0.0.1:5433/demo"));

    AboutDialog dialog(profile);
    QVERIFY(dialog.versionText().contains(QString::fromLatin1(qVersion())));

    const QString licences = dialog.licencesText();
    QVERIFY2(licences.contains(QStringLiteral("atomic-crm")), qPrintable(licences));
    QVERIFY2(licences.contains(QStringLiteral("MIT License")), qPrintable(licences));
    QVERIFY2(licences.contains(QStringLiteral("Salesforce")), qPrintable(licences));
    QVERIFY2(licences.contains(QStringLiteral("CC0")), qPrintable(licences));

    // The database line never shows the password.
    const QList<QLabel *> labels = dialog.findChildren<QLabel *>();
    for (QLabel *label : labels)
        QVERIFY2(!label->text().contains(QStringLiteral("secret")), qPrintable(label->objectName()));
}

void tst_ProviderCard::statusPillHasAccessibleName()
{
    StatusPill pill;
    pill.setState(QStringLiteral("Connected"), Tone::Success);
    QCOMPARE(pill.text(), QStringLiteral("Connected"));
    QCOMPARE(pill.accessibleName(), QStringLiteral("Status: Connected"));
    QCOMPARE(pill.tone(), Tone::Success);
    QVERIFY(pill.sizeHint().width() > pill.fontMetrics().horizontalAdvance(pill.text()));
}

void tst_ProviderCard::columnCountForWidth_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("columns");

    QTest::newRow("narrow") << 200 << 1;
    QTest::newRow("one card") << 500 << 1;
    QTest::newRow("two cards") << 800 << 2;
    QTest::newRow("1280 window") << 1040 << 2;
    QTest::newRow("three cards") << 1100 << 3;
    QTest::newRow("very wide") << 4000 << 3;
}

void tst_ProviderCard::columnCountForWidth()
{
    QFETCH(int, width);
    QFETCH(int, columns);

    QCOMPARE(IntegrationsPage::columnCountForWidth(width), columns);
}

QTEST_MAIN(tst_ProviderCard)
#include "tst_providercard.moc"
