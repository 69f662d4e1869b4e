namespace Runbooks.Tests.Support;

/// <summary>
/// A transport whose answers a test writes: for what a simulator cannot do (a provider that acts and still fails to
/// answer) or cannot time (an outage measured on a fake clock).
/// </summary>
public sealed class StubHandler(Func<HttpRequestMessage, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => await answer(request).WaitAsync(cancellationToken);
}
