namespace Finance.Api.Infrastructure;

/// <summary>A request body read whole up to a limit: signed hooks and webhooks need the exact bytes the signature covers.</summary>
internal static class LimitedBody
{
    /// <summary>The body, or null when it is larger than <paramref name="max"/> (read no further than one chunk past it).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
