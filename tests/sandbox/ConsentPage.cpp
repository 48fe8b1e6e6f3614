#include "ConsentPage.h"

#include <QHash>

namespace Breezee::Sandbox {

namespace {

// Colours and type follow HubSpot's public app screens: a white top bar,
// a centred card, dark slate text and an orange primary button.
const char *const PageStyle = R"css(
  * { box-sizing: border-box; }
  body { margin: 0; background: #f5f8fa; color: #33475b;
         font-family: "Lexend Deca", Helvetica, Arial, sans-serif; font-size: 14px; line-height: 1.5; }
  .topbar { background: #ffffff; border-bottom: 1px solid #cbd6e2; padding: 12px 24px;
            display: flex; align-items: center; gap: 8px; }
  .sprocket { width: 22px; height: 22px; border-radius: 50%; border: 5px solid #ff7a59; }
  .brand { font-weight: 700; font-size: 18px; color: #33475b; }
  .card { max-width: 560px; margin: 40px auto; background: #ffffff; border: 1px solid #cbd6e2;
          border-radius: 4px; padding: 32px 40px; }
  h1 { font-size: 22px; font-weight: 600; margin: 0 0 16px 0; }
  .muted { color: #516f90; }
  .user { margin-bottom: 20px; }
  .user a { color: #0091ae; text-decoration: none; font-weight: 600; }
  .account { border: 1px solid #cbd6e2; border-radius: 3px; padding: 12px 16px; margin-bottom: 20px;
             background: #f5f8fa; }
  .account .domain { font-weight: 600; }
  ul.scopes { list-style: none; padding: 0; margin: 0 0 24px 0; }
  ul.scopes li { border-top: 1px solid #eaf0f6; padding: 10px 0; }
  ul.scopes code { font-size: 12px; color: #516f90; }
  .badge { font-size: 11px; text-transform: uppercase; color: #516f90; border: 1px solid #cbd6e2;
           border-radius: 3px; padding: 0 4px; margin-left: 6px; }
  .actions { display: flex; justify-content: flex-end; gap: 12px; }
  button { font: inherit; font-weight: 600; border-radius: 3px; padding: 10px 24px; cursor: pointer; }
  button.primary { background: #ff7a59; border: 1px solid #ff7a59; color: #ffffff; }
  button.secondary { background: #ffffff; border: 1px solid #ff7a59; color: #ff7a59; }
  .error { border-left: 4px solid #f2545b; padding-left: 16px; }
)css";

QString escape(const QString &text)
{
    return text.toHtmlEscaped();
}

QByteArray renderPage(const QString &title, const QString &content)
{
    QString page;
    page += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page += QStringLiteral("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page += QStringLiteral("<title>%1</title>\n<style>%2</style>\n</head>\n<body>\n").arg(escape(title), QLatin1String(PageStyle));
    page += QStringLiteral("<header class=\"topbar\"><span class=\"sprocket\"></span>"
                           "<span class=\"brand\">HubSpot</span></header>\n");
    page += QStringLiteral("<main class=\"card\">\n%1</main>\n</body>\n</html>\n").arg(content);
    return page.toUtf8();
}

QString scopeItem(const QString &scope, bool optional)
{
    const QString badge = optional ? QStringLiteral("<span class=\"badge\">Optional</span>") : QString();
    return QStringLiteral("<li class=\"scope\" data-scope=\"%1\">%2%3<br><code>%1</code></li>\n")
        .arg(escape(scope), escape(scopeDescription(scope)), badge);
}

} // namespace

QString scopeDescription(const QString &scope)
{
    static const QHash<QString, QString> descriptions = {
        {QStringLiteral("oauth"), QStringLiteral("Know which HubSpot account and user connected the app")},
        {QStringLiteral("crm.objects.contacts.read"), QStringLiteral("View contacts and their properties")},
        {QStringLiteral("crm.objects.contacts.write"), QStringLiteral("Create, update and delete contacts")},
        {QStringLiteral("crm.objects.companies.read"), QStringLiteral("View companies and their properties")},
        {QStringLiteral("crm.objects.companies.write"), QStringLiteral("Create, update and delete companies")},
        {QStringLiteral("crm.schemas.contacts.read"), QStringLiteral("View contact property definitions")},
        {QStringLiteral("crm.schemas.contacts.write"), QStringLiteral("Create and edit contact properties and groups")},
        {QStringLiteral("crm.schemas.companies.read"), QStringLiteral("View company property definitions")},
        {QStringLiteral("crm.schemas.companies.write"), QStringLiteral("Create and edit company properties and groups")},
        {QStringLiteral("crm.objects.notes.read"), QStringLiteral("View notes on CRM records")},
    };
    return descriptions.value(scope);
}

QByteArray renderConsentPage(const ConsentPageModel &model)
{
    QString content;
    content += QStringLiteral("<h1>Connecting your %1 account to HubSpot</h1>\n").arg(escape(model.appName));

    content += QStringLiteral("<p class=\"user\">Signed in as <strong id=\"user\">%1</strong>. "
                              "Not you? <a href=\"#\" id=\"sign-in\">Sign in</a> or "
                              "<a href=\"#\" id=\"create-account\">create an account</a></p>\n")
                   .arg(escape(model.user));

    content += QStringLiteral("<div class=\"account\"><div class=\"muted\">HubSpot account</div>"
                              "<div class=\"domain\" id=\"hub-domain\">%1</div>"
                              "<div class=\"muted\">Hub ID <span id=\"hub-id\">%2</span></div></div>\n")
                   .arg(escape(model.hubDomain))
                   .arg(model.hubId);

    content += QStringLiteral("<p>%1 is requesting access to:</p>\n<ul class=\"scopes\">\n").arg(escape(model.appName));
    for (const QString &scope : model.scopes)
        content += scopeItem(scope, false);
    for (const QString &scope : model.optionalScopes)
        content += scopeItem(scope, true);
    content += QStringLiteral("</ul>\n");

    content += QStringLiteral("<form method=\"post\" action=\"/oauth/authorize/decision\" class=\"actions\">\n"
                              "<input type=\"hidden\" name=\"request_id\" value=\"%1\">\n"
                              "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\" "
                              "class=\"secondary\">Deny</button>\n"
                              "<button type=\"submit\" name=\"decision\" value=\"allow\" id=\"allow\" "
                              "class=\"primary\">Allow</button>\n</form>\n")
                   .arg(escape(model.pendingRequestId));

    return renderPage(QStringLiteral("Connect %1 | HubSpot").arg(model.appName), content);
}

QByteArray renderAuthorizeErrorPage(const QString &message)
{
    const QString content = QStringLiteral("<h1>Authorization failed</h1>\n<p class=\"error\" id=\"error\">%1</p>\n")
                                .arg(escape(message));
    return renderPage(QStringLiteral("Authorization failed | HubSpot"), content);
}

QByteArray renderDeclinedPage(const QString &appName)
{
    const QString content = QStringLiteral("<h1>Connection declined</h1>\n<p id=\"declined\">You declined to connect "
                                           "%1. You can close this tab.</p>\n")
                                .arg(escape(appName));
    return renderPage(QStringLiteral("Connection declined | HubSpot"), content);
}

} // namespace Breezee::Sandbox
