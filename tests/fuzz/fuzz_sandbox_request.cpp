// libFuzzer target: the HubSpot sandbox's HTTP/1.x request parser. The
// first byte sets how many bytes each feed() call hands over, so the parser
// also receives requests cut at any point. The rest is the byte stream of
// one connection, which may pipeline several requests.

#include "FuzzSupport.h"

#include "HttpRequestParser.h"

namespace {

// Small limits, so that the fuzzer reaches the 413 and 431 paths with
// short inputs.
Breezee::Sandbox::HttpRequestParser::Limits fuzzLimits()
{
    Breezee::Sandbox::HttpRequestParser::Limits limits;
    limits.maxHeaderBytes = 2048;
    limits.maxBodyBytes = 4096;
    return limits;
}

void inspect(const Breezee::Sandbox::HttpRequest &request)
{
    (void)request.header("host");
    (void)request.hasHeader("content-type");
    (void)request.keepAlive();
    (void)request.mediaType();
    (void)request.query.values(QStringLiteral("state"));

    if (request.mediaType() == "application/x-www-form-urlencoded") {
        const Breezee::Sandbox::FormFields form = Breezee::Sandbox::FormFields::parse(request.body);
        (void)form.value(QStringLiteral("code"));
        (void)Breezee::Sandbox::FormFields::rawValue(request.body, QStringLiteral("code"));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Breezee::Fuzz::initialize();
    if (size == 0)
        return 0;

    // 0 hands over everything at once.
    const qsizetype chunk = data[0] == 0 ? qsizetype(size) : qsizetype(data[0]);
    const QByteArray stream(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));

    Breezee::Sandbox::HttpRequestParser parser(fuzzLimits());
    QByteArray buffer;
    qsizetype offset = 0;
    while (offset < stream.size()) {
        buffer += stream.mid(offset, chunk);
        offset += chunk;

        Breezee::Sandbox::HttpRequestParser::Status status = parser.feed(buffer);
        while (status == Breezee::Sandbox::HttpRequestParser::Status::RequestReady) {
            inspect(parser.takeRequest());
            status = parser.feed(buffer);
        }

        if (status == Breezee::Sandbox::HttpRequestParser::Status::Failed) {
            (void)parser.errorStatus();
            (void)parser.errorMessage();
            (void)parser.failedMethod();
            return 0;
        }
    }
    return 0;
}
