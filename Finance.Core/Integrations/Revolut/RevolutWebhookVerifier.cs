using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Finance.Core.Integrations.Revolut;

public enum RevolutWebhookVerdict { Valid, MissingHeaders, BadSignature, OutsideTolerance, Replayed }

/// <summary>
/// Checks a Business API webhook (v2) as Revolut's guide "Verify the payload signature" describes: the
/// <c>Revolut-Signature</c> header holds one or more <c>v1=&lt;hex&gt;</c> values (several while a rotated secret is still
/// valid, OpenAPI <c>rotate-signing-secret</c>), each an HMAC-SHA256 with the signing secret over
/// <c>v1.{Revolut-Request-Timestamp}.{raw body}</c>; the timestamp is UNIX milliseconds. Beyond the signature, a message
/// must be within <see cref="RevolutOptions.WebhookTolerance"/> of now and not seen before.
/// </summary>
public sealed class RevolutWebhookVerifier(TimeProvider time, IReplayGuard replayGuard, IOptions<RevolutOptions> options)
{
    public const string TimestampHeader = "Revolut-Request-Timestamp";
    public const string SignatureHeader = "Revolut-Signature";
    private const string Version = "v1";

    /// <summary>Signature and timestamp only; <paramref name="matched"/> is the signature that verified (the message's identity).</summary>
    public RevolutWebhookVerdict Verify(string? timestamp, string? signatureHeader, ReadOnlySpan<byte> rawBody, string secret, out string? matched)
    {
        matched = null;
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatureHeader)) return RevolutWebhookVerdict.MissingHeaders;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return RevolutWebhookVerdict.MissingHeaders;

        var expected = Sign(timestamp, rawBody, secret);
        foreach (var part in signatureHeader.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!part.StartsWith(Version + "=", StringComparison.Ordinal)) continue;
            var hex = part[(Version.Length + 1)..];
            if (hex.Length != expected.Length * 2 || !TryHex(hex, out var given)) continue;
            // Constant time: the comparison must not tell an attacker how many leading bytes were right.
            if (CryptographicOperations.FixedTimeEquals(given, expected)) matched = hex.ToLowerInvariant();
        }
        if (matched is null) return RevolutWebhookVerdict.BadSignature;

        var sent = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return (time.GetUtcNow() - sent).Duration() > options.Value.WebhookTolerance ? RevolutWebhookVerdict.OutsideTolerance : RevolutWebhookVerdict.Valid;
    }

    /// <summary><see cref="Verify"/>, then refuses a message already accepted within twice the tolerance (the span a copy could still pass).</summary>
    public async Task<RevolutWebhookVerdict> VerifyAsync(string? timestamp, string? signatureHeader, ReadOnlyMemory<byte> rawBody, string secret, CancellationToken ct)
    {
        var verdict = Verify(timestamp, signatureHeader, rawBody.Span, secret, out var matched);
        if (verdict != RevolutWebhookVerdict.Valid) return verdict;
        return await replayGuard.FirstSeenAsync(matched!, options.Value.WebhookTolerance * 2, ct) ? RevolutWebhookVerdict.Valid : RevolutWebhookVerdict.Replayed;
    }

    private static byte[] Sign(string timestamp, ReadOnlySpan<byte> rawBody, string secret)
    {
        var prefix = Encoding.UTF8.GetBytes($"{Version}.{timestamp}.");
        var payload = new byte[prefix.Length + rawBody.Length];
        prefix.CopyTo(payload, 0);
        rawBody.CopyTo(payload.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload);
    }

    private static bool TryHex(string hex, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
