using Finance.Core;

namespace Finance.Tests.Workers;

public sealed class BackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    [Fact]
    public void Next_FromZero_StartsAtMinAndDoublesUpToMax()
    {
        var waits = new List<TimeSpan>();
        var wait = TimeSpan.Zero;
        for (var i = 0; i < 8; i++)
        {
            wait = Backoff.Next(wait, Min, Max);
            waits.Add(wait);
        }

        Assert.Equal([100, 200, 400, 800, 1600, 3200, 5000, 5000], waits.Select(w => w.TotalMilliseconds));
    }

    [Fact]
    public void Next_FromAPreviousWait_DoublesIt() =>
        Assert.Equal(TimeSpan.FromMilliseconds(400), Backoff.Next(TimeSpan.FromMilliseconds(200), Min, Max));

    [Fact]
    public void Next_MinAboveMax_GivesMax() =>
        Assert.Equal(TimeSpan.FromMilliseconds(50), Backoff.Next(TimeSpan.Zero, Min, TimeSpan.FromMilliseconds(50)));

    [Fact]
    public void Next_HugePrevious_DoesNotOverflow() =>
        Assert.Equal(Max, Backoff.Next(TimeSpan.MaxValue, Min, Max));
}
