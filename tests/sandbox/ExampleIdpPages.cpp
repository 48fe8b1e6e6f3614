#include "ExampleIdpPages.h"

namespace Breezee::Sandbox {

namespace {

const char *const PageStyle = R"css(
  body { margin: 40px auto; max-width: 520px; font-family: "DejaVu Sans", Arial, sans-serif;
         font-size: 14px; line-height: 1.5; color: #1f2933; }
  h1 { font-size: 20px; }
  ul { padding-left: 20px; }
  .actions { display: flex; gap: 12px; margin-top: 24px; }
  button { font: inherit; padding: 8px 20px; }
  .error { color: #b42318; }
)css";

QByteArray renderPage(const QString &title, const QString &content)
{
    QString page;
    page += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page += QStringLiteral("<title>%1</title>\n<style>%2</style>\n</head>\n<body>\n")
                .arg(title.toHtmlEscaped(), QLatin1String(PageStyle));
    page += content;
    page += QStringLiteral("</body>\n</html>\n");
    return page.toUtf8();
}

} // namespace

QByteArray renderExampleIdpConsentPage(const QString &appName, const QString &user, const QStringList &scopes,
                                       const QString &pendingRequestId)
{
    const QString title = QStringLiteral("Authorize %1 on Example IdP").arg(appName);

    QString content;
    content += QStringLiteral("<h1>%1</h1>\n").arg(title.toHtmlEscaped());
    content += QStringLiteral("<p>Signed in as <strong id=\"user\">%1</strong>.</p>\n").arg(user.toHtmlEscaped());
    content += QStringLiteral("<p>%1 asks for these permissions:</p>\n<ul id=\"scopes\">\n").arg(appName.toHtmlEscaped());
    for (const QString &scope : scopes)
        content += QStringLiteral("<li data-scope=\"%1\"><code>%1</code></li>\n").arg(scope.toHtmlEscaped());
    content += QStringLiteral("</ul>\n");

    content += QStringLiteral("<form method=\"post\" action=\"/other-idp/oauth/authorize/decision\" class=\"actions\">\n"
                              "<input type=\"hidden\" name=\"request_id\" value=\"%1\">\n"
                              "<button type=\"submit\" name=\"decision\" value=\"allow\" id=\"allow\">Allow</button>\n"
                              "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>\n"
                              "</form>\n")
                   .arg(pendingRequestId.toHtmlEscaped());

    return renderPage(title, content);
}

QByteArray renderExampleIdpErrorPage(const QString &message)
{
    const QString content = QStringLiteral("<h1>Authorization error</h1>\n<p class=\"error\" id=\"error\">%1</p>\n")
                                .arg(message.toHtmlEscaped());
    return renderPage(QStringLiteral("Authorization error on Example IdP"), content);
}

} // namespace Breezee::Sandbox
