using System.Globalization;
using System.Text.Json.Nodes;
using Acornima;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;

namespace Finance.Workflows.Expressions;

/// <summary>
/// Evaluates flow expressions with Jint in a sandbox: no CLR access, statement, recursion, memory and
/// time limits, no clock and no randomness. A fresh engine per evaluation, so nothing leaks between
/// expressions or instances. Values go in and come out as JSON.
/// </summary>
public sealed class ExpressionEvaluator(ExpressionLimits? limits = null)
{
    // Math.random is replaced rather than deleted so the error says why.
    private static readonly Prepared<Acornima.Ast.Script> Lockdown = Engine.PrepareScript("""
        Object.defineProperty(Math, 'random', { value: function () {
          throw new Error('Math.random is not available: flow expressions must be deterministic.');
        }, writable: false, configurable: false });
        """);

    private readonly ExpressionLimits _limits = limits ?? ExpressionLimits.Default;

    public static ExpressionEvaluator Default { get; } = new();

    /// <summary>Evaluates <paramref name="expression"/>; <c>undefined</c> comes back as <c>null</c>.</summary>
    /// <exception cref="ExpressionException">Syntax, runtime, limit or timeout error.</exception>
    public JsonNode? Evaluate(string expression, ExpressionScope scope) =>
        Run(expression, scope, static (engine, value) => ToJson(engine, value));

    /// <summary>Evaluates a condition with JavaScript truthiness.</summary>
    public bool EvaluateCondition(string expression, ExpressionScope scope) =>
        Run(expression, scope, static (_, value) => TypeConverter.ToBoolean(value));

    /// <summary>Evaluates to a string (JavaScript <c>String(value)</c>), e.g. a failure reason or an ISO instant.</summary>
    public string EvaluateString(string expression, ExpressionScope scope) =>
        Run(expression, scope, static (_, value) => TypeConverter.ToString(value));

    private T Run<T>(string expression, ExpressionScope scope, Func<Engine, JsValue, T> convert)
    {
        var engine = CreateEngine();
        try
        {
            engine.Execute(Lockdown);
            engine.SetValue("input", FromJson(engine, scope.Input));
            engine.SetValue("vars", FromJson(engine, scope.Vars ?? []));
            engine.SetValue("signal", FromJson(engine, scope.Signal));
            return convert(engine, engine.Evaluate(expression));
        }
        catch (ParseErrorException e)
        {
            throw new ExpressionSyntaxException(expression, e.Message, e);
        }
        catch (JavaScriptException e) when (e.Error.IsObject() && e.Error.AsObject().Get("name").ToString() == "SyntaxError")
        {
            throw new ExpressionSyntaxException(expression, e.Message, e);
        }
        catch (JavaScriptException e)
        {
            throw new ExpressionRuntimeException(expression, e.Message, e);
        }
        catch (TimeoutException e)
        {
            throw new ExpressionTimeoutException(expression, _limits.EffectiveTimeout, e);
        }
        catch (StatementsCountOverflowException e)
        {
            throw new ExpressionLimitException(expression, $"more than {_limits.MaxStatements} statements", e);
        }
        catch (RecursionDepthOverflowException e)
        {
            throw new ExpressionLimitException(expression, $"recursion deeper than {_limits.MaxRecursionDepth}", e);
        }
        catch (MemoryLimitExceededException e)
        {
            throw new ExpressionLimitException(expression, $"more than {_limits.MaxMemoryBytes} bytes", e);
        }
        catch (ClockAccessException e)
        {
            throw new ExpressionRuntimeException(expression, e.Message, e);
        }
        catch (JintException e)
        {
            throw new ExpressionRuntimeException(expression, e.Message, e);
        }
    }

    private Engine CreateEngine() => new(options =>
    {
        // AllowClr is never called: scripts cannot reach .NET types or namespaces.
        options.Strict();
        options.MaxStatements(_limits.MaxStatements);
        options.LimitRecursion(_limits.MaxRecursionDepth);
        options.LimitMemory(_limits.MaxMemoryBytes);
        options.TimeoutInterval(_limits.EffectiveTimeout);
        options.TimeSystem = new NoClockTimeSystem();
        options.Culture = CultureInfo.InvariantCulture;
    });

    private static JsValue FromJson(Engine engine, JsonNode? node) =>
        node is null ? JsValue.Null : new JsonParser(engine).Parse(node.ToJsonString());

    private static JsonNode? ToJson(Engine engine, JsValue value)
    {
        if (value.IsUndefined())
        {
            return null;
        }

        // JSON.stringify semantics: functions and symbols have no JSON form and come back as null.
        var text = new JsonSerializer(engine).Serialize(value);
        return text.IsUndefined() ? null : JsonNode.Parse(text.ToString());
    }
}
