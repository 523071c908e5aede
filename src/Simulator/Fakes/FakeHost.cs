using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Simulator.Fakes;

/// <summary>
/// One fake API server on loopback: Kestrel with one request handler, plain HTTP or TLS with a given certificate, no
/// logging (engine code never writes to the console). Port 0 picks a free port; <see cref="Url"/> says which.
/// </summary>
public sealed class FakeHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeHost(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Where the server listens, e.g. <c>https://127.0.0.1:41234/</c>.</summary>
    public Uri Url { get; }

    /// <summary>Starts serving <paramref name="handler"/> on <paramref name="listen"/>.</summary>
    /// <param name="listen">A loopback address and port (0 for any free port).</param>
    /// <param name="certificate">The TLS server certificate with its private key; null serves plain HTTP.</param>
    /// <param name="handler">Answers every request.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<FakeHost> StartAsync(IPEndPoint listen, X509Certificate2? certificate, RequestDelegate handler,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(listen, endpoint =>
            {
                if (certificate is not null)
                {
                    endpoint.UseHttps(certificate);
                }
            });
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeHost(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Parses <c>HOST:PORT</c> (a loopback address); the default is 127.0.0.1 on a free port.</summary>
    /// <param name="text">The <c>--listen</c> value, or null.</param>
    public static IPEndPoint ParseListen(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new IPEndPoint(IPAddress.Loopback, 0);
        }

        if (!IPEndPoint.TryParse(text, out var endpoint) || !text.Contains(':', StringComparison.Ordinal))
        {
            throw new FormatException($"--listen {text}: expected HOST:PORT, e.g. 127.0.0.1:6443");
        }

        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
