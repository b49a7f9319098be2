using Finance.Workflows.Model;

namespace Finance.Tests.Workflows;

public class RetryPolicyTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(4, 8)]
    [InlineData(8, 100)]
    [InlineData(2000, 100)]
    public void NextDelay_TemporalDefaults_DoublesUpToHundredTimesInitial(int attempt, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), new RetryPolicy().NextDelay(attempt));

    [Fact]
    public void NextDelay_CustomPolicy_UsesCoefficientAndCap()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(2), 3.0, TimeSpan.FromSeconds(30));

        Assert.Equal([2, 6, 18, 30], Enumerable.Range(1, 4).Select(a => policy.NextDelay(a).TotalSeconds));
    }

    [Fact]
    public void AllowsRetryAfter_ZeroMaxAttempts_IsUnlimitedButDefaultIsFinite()
    {
        Assert.True(new RetryPolicy(MaxAttempts: 0).AllowsRetryAfter(1_000));
        Assert.True(RetryPolicy.Default.AllowsRetryAfter(4));
        Assert.False(RetryPolicy.Default.AllowsRetryAfter(5));
    }
}
