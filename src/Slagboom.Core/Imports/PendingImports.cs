using System.Threading.Channels;

namespace Slagboom.Core.Imports;

/// <summary>An uploaded file waiting for <see cref="ImportWorker"/>; the e-mail address says whom it runs for.</summary>
public sealed record ImportWork(string JobId, string Email, byte[] Content);

/// <summary>
/// The bounded in-memory queue between the upload page and <see cref="ImportWorker"/>. Bounded so that uploads
/// cannot pile up memory: at most <see cref="Capacity"/> files of at most <see cref="ImportJobs.MaxBytes"/> wait;
/// a full queue refuses the upload and the user tries again later.
/// </summary>
public sealed class PendingImports
{
    public const int Capacity = 8;

    private readonly Channel<ImportWork> _channel = Channel.CreateBounded<ImportWork>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    public bool TryEnqueue(ImportWork work) => _channel.Writer.TryWrite(work);

    public ChannelReader<ImportWork> Reader => _channel.Reader;
}
