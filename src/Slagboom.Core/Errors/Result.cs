namespace Slagboom.Core.Errors;

/// <summary>An expected failure of a use case. Mapped to ProblemDetails (web) or an exit code (command line) in one place each.</summary>
public abstract record Error(string Message);

/// <summary>The thing does not exist — or the caller may not see it, which looks the same from outside.</summary>
public sealed record NotFound(string Message) : Error(Message);

/// <summary>The request clashes with what is stored (a duplicate name, a used link).</summary>
public sealed record Conflict(string Message) : Error(Message);

/// <summary>The thing is still used by others (named in <paramref name="UsedBy"/>, say rule ids), so it cannot be changed or removed.</summary>
public sealed record InUse(string Message, IReadOnlyList<string> UsedBy) : Error(Message);

/// <summary>The caller is known but this action is not theirs to take.</summary>
public sealed record Forbidden(string Message) : Error(Message);

/// <summary>Bad input, with a message per field.</summary>
public sealed record Invalid(IReadOnlyDictionary<string, string[]> Fields) : Error(Describe(Fields))
{
    public Invalid(string field, string message) : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    private static string Describe(IReadOnlyDictionary<string, string[]> fields) =>
        string.Join("; ", fields.Select(f => $"{f.Key}: {string.Join(", ", f.Value)}"));
}

/// <summary>The value of a use case, or why there is none.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Error? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public Error? Error { get; }
    public bool Ok => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    internal static Result<T> Success(T value) => new(value, null);

    public static implicit operator Result<T>(Error error) => new(default, error);
}

public static class Result
{
    /// <summary>A success; needed where the value's type is an interface, which implicit conversions cannot take.</summary>
    public static Result<T> Of<T>(T value) => Result<T>.Success(value);
}

/// <summary>Collects field errors while a request is checked.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _fields = new(StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!_fields.TryGetValue(field, out var list))
        {
            _fields[field] = list = [];
        }
        list.Add(message);
    }

    public bool Any => _fields.Count > 0;

    public Invalid ToError() => new(_fields.ToDictionary(f => f.Key, f => f.Value.ToArray()));
}
