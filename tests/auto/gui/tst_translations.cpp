#include "ContactsModel.h"
#include "SyncFailure.h"
#include "hubspot/NotePlanner.h"
#include "store/ProspectStore.h"
#include "store/SyncStore.h"
#include "oauth/OAuthCallback.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace Breezee;

namespace {

struct TsMessage {
    QString context;
    QString source;
    QString comment;
    QString type;
    QStringList translations;
    bool numerus = false;
};

QList<TsMessage> readTsFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }

    QList<TsMessage> messages;
    QString context;
    TsMessage message;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;

        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            message = TsMessage{context, {}, {}, {}, {}, xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes")};
        } else if (name == QLatin1String("source")) {
            message.source = xml.readElementText();
        } else if (name == QLatin1String("comment")) {
            message.comment = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            message.type = xml.attributes().value(QLatin1String("type")).toString();
            if (message.numerus) {
                // Plural forms are <numerusform> children of <translation>.
                while (xml.readNextStartElement())
                    message.translations << xml.readElementText();
            } else {
                message.translations << xml.readElementText();
            }
            messages << message;
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%L?\\d"));
    QSet<QString> found;
    auto it = pattern.globalMatch(text);
    while (it.hasNext())
        found.insert(it.next().captured().remove(QLatin1Char('L')));
    return found;
}

// True when the text marks a keyboard accelerator: "&" before a letter or
// digit, not the "&&" that stands for a literal ampersand. Rich text
// entities such as "&amp;" do not count.
bool hasAccelerator(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("(^|[^&])&(?!amp;|lt;|gt;|quot;)[\\w\\d]"));
    return pattern.match(text).hasMatch();
}

} // namespace

class tst_Translations : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void everyMessageTranslated();
    void qmMatchesTsFile();
    void guiStringsAreGerman();
    void seedAndCoreTextsAreGerman();

private:
    QList<TsMessage> m_messages;
    QTranslator m_translator;
};

void tst_Translations::initTestCase()
{
    QString error;
    m_messages = readTsFile(QStringLiteral(BREEZEE_TS_FILE), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(m_messages.size() > 400, qPrintable(QString::number(m_messages.size())));

    QVERIFY(QFile::exists(QStringLiteral(":/i18n/breezee_de.qm")));
    QVERIFY(m_translator.load(QStringLiteral(":/i18n/breezee_de.qm")));
    QCOMPARE(m_translator.language(), QStringLiteral("de_DE"));
}

void tst_Translations::everyMessageTranslated()
{
    for (const TsMessage &message : std::as_const(m_messages)) {
        const QString where = message.context + QStringLiteral(": ") + message.source;
        QVERIFY2(message.type != QLatin1String("unfinished"), qPrintable(QStringLiteral("unfinished: ") + where));
        QVERIFY2(message.type != QLatin1String("vanished") && message.type != QLatin1String("obsolete"),
                 qPrintable(QStringLiteral("obsolete: ") + where));
        QVERIFY2(!message.translations.isEmpty(), qPrintable(QStringLiteral("no translation: ") + where));

        for (const QString &translation : message.translations) {
            QVERIFY2(!translation.trimmed().isEmpty(), qPrintable(QStringLiteral("empty: ") + where));
            QVERIFY2(placeholders(translation) == placeholders(message.source),
                     qPrintable(QStringLiteral("placeholders differ: ") + where + QStringLiteral(" -> ")
                                + translation));
            QVERIFY2(hasAccelerator(translation) == hasAccelerator(message.source),
                     qPrintable(QStringLiteral("accelerator differs: ") + where + QStringLiteral(" -> ")
                                + translation));
        }
    }
}

void tst_Translations::qmMatchesTsFile()
{
    for (const TsMessage &message : std::as_const(m_messages)) {
        if (message.numerus)
            continue;

        const QByteArray context = message.context.toUtf8();
        const QByteArray source = message.source.toUtf8();
        const QByteArray comment = message.comment.toUtf8();
        const QString translated = m_translator.translate(context.constData(), source.constData(),
                                                          comment.isEmpty() ? nullptr : comment.constData());
        QVERIFY2(translated == message.translations.first(),
                 qPrintable(message.context + QStringLiteral(": ") + message.source));
    }
}

void tst_Translations::guiStringsAreGerman()
{
    QVERIFY(QCoreApplication::installTranslator(&m_translator));

    QCOMPARE(contactSyncStatusText(ContactSyncStatus::Queued), QStringLiteral("In der Warteschlange"));
    QCOMPARE(failureKindTitle(FailureKind::RateLimit), QStringLiteral("HubSpot-Ratenlimit"));

    ContactsModel model(QStringLiteral("unused"));
    QCOMPARE(model.headerData(ContactsModel::CompanyColumn, Qt::Horizontal).toString(), QStringLiteral("Firma"));

    // The German wording of the sync's failures still sorts into the right
    // group.
    const QString noEmail = QCoreApplication::translate(
        "Breezee::HubSpotContactSync",
        "No email address: HubSpot identifies contacts by email. Add an email to sync this prospect.");
    QVERIFY(noEmail.startsWith(QStringLiteral("Keine E-Mail-Adresse")));
    QCOMPARE(classifyFailure(noEmail), FailureKind::Email);

    const QString rejected = QCoreApplication::translate("Breezee::HubSpotContactSync",
                                                         "HubSpot rejected the contact: %1")
                                 .arg(QStringLiteral("READ_ONLY_VALUE"));
    QCOMPARE(classifyFailure(rejected), FailureKind::Validation);
    QCOMPARE(hubSpotMessage(rejected), QStringLiteral("READ_ONLY_VALUE"));

    QCoreApplication::removeTranslator(&m_translator);
}

void tst_Translations::seedAndCoreTextsAreGerman()
{
    QVERIFY(QCoreApplication::installTranslator(&m_translator));

    // Every description and permission reason of the built-in seed.
    QFile seed(QStringLiteral(":/seed/providers.json"));
    QVERIFY(seed.open(QIODevice::ReadOnly));
    const QJsonArray providers = QJsonDocument::fromJson(seed.readAll()).array();
    QVERIFY(providers.size() >= 5);
    QStringList texts;
    for (const QJsonValue &provider : providers) {
        texts << provider.toObject().value(QLatin1String("description")).toString();
        for (const QJsonValue &scope : provider.toObject().value(QLatin1String("scopes")).toArray())
            texts << scope.toObject().value(QLatin1String("reason")).toString();
    }
    for (const QString &text : std::as_const(texts)) {
        const QString german = QCoreApplication::translate("ProviderSeed", text.toUtf8().constData());
        QVERIFY2(german != text, qPrintable(QStringLiteral("not translated: ") + text));
    }

    // Texts of free functions in the core, looked up in their own contexts.
    Prospect prospect;
    prospect.email = QStringLiteral("ada@example.com");
    prospect.createdAt = QDateTime(QDate(2025, 3, 14), QTime(9, 0), Qt::UTC);
    ChatSession chat;
    chat.id = 1;
    chat.summary = QStringLiteral("Pricing");
    chat.startedAt = prospect.createdAt;
    const QList<PlannedNote> notes = planNotes(prospect, {chat}, {}, SyncedProfile(), {});
    QCOMPARE(notes.size(), 2);
    QVERIFY2(notes.at(0).body.contains(QLatin1String("unbekannten Kanal")), qPrintable(notes.at(0).body));
    QVERIFY2(notes.at(1).body.contains(QLatin1String("Chat-Zusammenfassung")), qPrintable(notes.at(1).body));

    const Result<QVariantMap> callback = parseOAuthCallback(QByteArrayLiteral("GET /other?code=x HTTP/1.1"),
                                                            QStringLiteral("/callback"));
    QVERIFY(!callback.ok());
    QVERIFY2(callback.error().message.contains(QLatin1String("Verbinden")), qPrintable(callback.error().message));

    QCoreApplication::removeTranslator(&m_translator);
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
