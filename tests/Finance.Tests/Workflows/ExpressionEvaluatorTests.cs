using System.Text.Json.Nodes;
using Finance.Workflows.Expressions;

namespace Finance.Tests.Workflows;

public class ExpressionEvaluatorTests
{
    // The time limit is a wall-clock backstop (ExpressionLimits): with the CPUs busy it could fire before the limit a test
    // is about, so these tests give it room and assert which limit stops an expression, never how fast.
    private static readonly ExpressionEvaluator Evaluator = new(ExpressionLimits.Default with { Timeout = TimeSpan.FromMinutes(1) });

    private static readonly ExpressionScope Scope = new(
        JsonNode.Parse("""{"amount": 1200.5, "email": "a@b.ch"}"""),
        JsonNode.Parse("""{"invoice": {"number": "INV-7", "lines": [1, 2, 3]}}""")!.AsObject(),
        JsonNode.Parse("""{"paid": 100}"""));

    [Fact]
    public void Evaluate_InputVarsAndSignal_ReturnsJsonObject()
    {
        var result = Evaluator.Evaluate(
            "({ n: vars.invoice.number, total: input.amount * 2, paid: signal.paid, count: vars.invoice.lines.length })", Scope);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"n":"INV-7","total":2401,"paid":100,"count":3}"""), result));
    }

    [Theory]
    [InlineData("input.amount > 1000", true)]
    [InlineData("vars.missing", false)]
    [InlineData("''", false)]
    [InlineData("vars.invoice.lines", true)]
    public void EvaluateCondition_JavaScriptTruthiness_Applies(string expression, bool expected) =>
        Assert.Equal(expected, Evaluator.EvaluateCondition(expression, Scope));

    [Fact]
    public void Evaluate_Undefined_ReturnsNull() => Assert.Null(Evaluator.Evaluate("vars.nothing", Scope));

    [Fact]
    public void Evaluate_SyntaxError_ThrowsSyntaxException() =>
        Assert.Throws<ExpressionSyntaxException>(() => Evaluator.Evaluate("input.amount >", Scope));

    [Fact]
    public void Evaluate_ThrownError_ThrowsRuntimeExceptionWithMessage()
    {
        var e = Assert.Throws<ExpressionRuntimeException>(() => Evaluator.Evaluate("vars.nothing.deeper", Scope));
        Assert.Contains("deeper", e.Message);
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')")]
    [InlineData("importNamespace('System.IO')")]
    [InlineData("clrHelper")]
    public void Evaluate_ClrAccess_IsDenied(string expression) =>
        Assert.Throws<ExpressionRuntimeException>(() => Evaluator.Evaluate(expression, Scope));

    // Timeout: a safety net so a broken time limit fails the test instead of hanging the run; nothing is asserted on time.
    [Fact(Timeout = 60_000)]
    public async Task Evaluate_InfiniteLoopWithNoStatementLimit_StoppedByTheTimeLimit()
    {
        var evaluator = new ExpressionEvaluator(new ExpressionLimits(MaxStatements: int.MaxValue, Timeout: TimeSpan.FromMilliseconds(100)));

        var e = await Task.Run(() => Assert.Throws<ExpressionTimeoutException>(() => evaluator.Evaluate("while(true){}", Scope)));

        Assert.Equal("Timed out after 100 ms.", e.Message);
        Assert.Equal("while(true){}", e.Expression);
    }

    [Fact]
    public void Evaluate_InfiniteLoop_HitsStatementLimitDeterministically()
    {
        var e = Assert.Throws<ExpressionLimitException>(() => Evaluator.Evaluate("let i = 0; while(true){ i++; }", Scope));

        Assert.Equal($"Limit exceeded: more than {ExpressionLimits.Default.MaxStatements} statements", e.Message);
    }

    [Fact]
    public void Evaluate_LoopJustUnderTheStatementBudget_Completes() =>
        Assert.Equal(3_000, Evaluator.Evaluate("let i = 0; while (i < 3000) { i++; } i", Scope)!.GetValue<int>());

    [Fact]
    public void Evaluate_DeepRecursion_HitsRecursionLimit() =>
        Assert.Contains("recursion", Assert.Throws<ExpressionLimitException>(() => Evaluator.Evaluate("function f(n) { return f(n + 1); } f(0)", Scope)).Message);

    [Fact]
    public void Evaluate_HugeAllocation_HitsMemoryLimit() =>
        Assert.Contains("bytes", Assert.Throws<ExpressionLimitException>(() => Evaluator.Evaluate("let s = 'x'; for (let i = 0; i < 40; i++) { s = s + s; } s.length", Scope)).Message);

    [Theory]
    [InlineData("Date.now()", "no clock")]
    [InlineData("new Date()", "no clock")]
    [InlineData("Date()", "no clock")]
    [InlineData("try { Date.now() } catch (e) { 0 }", "no clock")]
    [InlineData("Math.random()", "deterministic")]
    [InlineData("Temporal.Now.instant().toString()", "no clock")]
    public void Evaluate_ClockOrRandomness_IsUnavailable(string expression, string why)
    {
        var e = Assert.IsType<ExpressionRuntimeException>(Record.Exception(() => Evaluator.Evaluate(expression, Scope)));
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void Evaluate_DateFromGivenInstant_StillWorksInUtc() =>
        Assert.Equal("2025-03-15T09:00:00.000Z",
            Evaluator.EvaluateString("new Date(Date.parse('2025-03-01T09:00:00Z') + 14 * 86400000).toISOString()", Scope));

    [Fact]
    public void Evaluate_SameExpressionTwice_DoesNotLeakGlobals()
    {
        Evaluator.Evaluate("globalThis.leak = 1", Scope);

        Assert.Null(Evaluator.Evaluate("globalThis.leak", Scope));
    }
}
