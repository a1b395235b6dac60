using Slagboom.Domain.Events;

namespace Slagboom.Rules;

/// <summary>How a <see cref="Condition"/> compares a field with its values.</summary>
public enum ConditionOperator
{
    /// <summary>Some value of the field equals one of the given values (case-insensitive).</summary>
    Equals,

    /// <summary>No value of the field equals any of the given values (a missing field qualifies).</summary>
    NotEquals,

    /// <summary>Some value starts with one of the given texts.</summary>
    StartsWith,

    /// <summary>Some value contains one of the given texts.</summary>
    Contains,

    /// <summary>The field has (true) or lacks (false) a value.</summary>
    Exists,

    /// <summary>The number is greater than the given one.</summary>
    GreaterThan,

    /// <summary>The number is at least the given one.</summary>
    AtLeast,

    /// <summary>The number is less than the given one.</summary>
    LessThan,

    /// <summary>The number is at most the given one.</summary>
    AtMost,

    /// <summary>Some value is on the named watch list.</summary>
    InList,
}

/// <summary>One field condition of a rule's <c>where</c> (all conditions of a <c>where</c> must hold).</summary>
public sealed class Condition
{
    internal Condition(EventField field, ConditionOperator op, string[] values, double number, Watchlist? list)
    {
        Field = field;
        Operator = op;
        Values = values;
        Number = number;
        List = list;
    }

    /// <summary>The field compared.</summary>
    public EventField Field { get; }

    /// <summary>How it is compared.</summary>
    public ConditionOperator Operator { get; }

    /// <summary>The values compared with (any one suffices); for <see cref="ConditionOperator.Exists"/> "true" or "false".</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>The number for the numeric operators.</summary>
    public double Number { get; }

    /// <summary>The watch list of <see cref="ConditionOperator.InList"/>.</summary>
    public Watchlist? List { get; }

    private string[] ValueArray => (string[])Values;

    /// <summary>True when <paramref name="e"/> meets this condition. Allocates nothing.</summary>
    public bool Holds(BarrierEvent e)
    {
        switch (Operator)
        {
            case ConditionOperator.GreaterThan or ConditionOperator.AtLeast or ConditionOperator.LessThan or ConditionOperator.AtMost:
                if (EventFields.Number(e, Field) is not { } n)
                {
                    return false;
                }

                return Operator switch
                {
                    ConditionOperator.GreaterThan => n > Number,
                    ConditionOperator.AtLeast => n >= Number,
                    ConditionOperator.LessThan => n < Number,
                    _ => n <= Number,
                };
            case ConditionOperator.Exists:
                return (EventFields.Count(e, Field) > 0) == (ValueArray[0] == "true");
            case ConditionOperator.NotEquals:
                return !AnyValue(e, ConditionOperator.Equals);
            default:
                return AnyValue(e, Operator);
        }
    }

    private bool AnyValue(BarrierEvent e, ConditionOperator op)
    {
        var values = ValueArray;
        for (var i = 0; EventFields.Text(e, Field, i) is { } actual; i++)
        {
            if (op == ConditionOperator.InList)
            {
                if (List!.Contains(actual))
                {
                    return true;
                }

                continue;
            }

            foreach (var expected in values)
            {
                var hit = op switch
                {
                    ConditionOperator.Equals => string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase),
                    ConditionOperator.StartsWith => actual.StartsWith(expected, StringComparison.OrdinalIgnoreCase),
                    _ => actual.Contains(expected, StringComparison.OrdinalIgnoreCase),
                };
                if (hit)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when every condition holds (an empty list always holds).</summary>
    public static bool All(Condition[] conditions, BarrierEvent e)
    {
        foreach (var c in conditions)
        {
            if (!c.Holds(e))
            {
                return false;
            }
        }

        return true;
    }
}
