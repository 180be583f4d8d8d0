using Tickwatch.Storage.Redis;

namespace Tickwatch.Trading.Store.Redis;

/// <summary>The Lua scripts of the Redis trading store, each on one user's slot (every key it touches has the user's <c>{live:42}</c> tag).</summary>
/// <remarks>
/// Every key a script touches comes from <see cref="Tickwatch.Storage.RedisKeys"/> through KEYS, except the holdings
/// hashes of the ids the read script finds in the index, built from the prefix it is given. Numbers that matter
/// (balance, revision) stay strings in the scripts: Lua numbers are doubles.
/// </remarks>
internal static class TradingScripts
{
    /// <summary>Replies of <see cref="Commit"/>: the first element.</summary>
    public const long Committed = 0, Conflict = 1, Duplicate = 2, UnknownAccount = 3, Fenced = 4;

    /// <summary>Arguments of <see cref="Commit"/> before the first order.</summary>
    public const int CommitHeaderArguments = 12;

    /// <summary>Keys of <see cref="Commit"/> before the orders' holdings hashes.</summary>
    public const int CommitHeaderKeys = 7;

    /// <summary>
    /// One atomic change of one account. KEYS: config, orders index, ledger outbox, closed orders list, request key (the
    /// config key again when there is no idempotency key; not touched then), the stop-out lock, the order events stream,
    /// then one holdings hash per order.
    /// ARGV: expected revision; expected wallet_balance ('' when the balance does not change); new wallet_balance;
    /// '1' when there is an idempotency key; the result kept under it; its TTL (s); the TTL of a final order's holdings
    /// (s); how many closed ids are kept; the number of orders; the number of outbox entries; the stop-out fence the
    /// lock must hold ('' for none); how many order events are kept (MAXLEN ~); per order its id, '1' when final, its
    /// field count, its fields and values and its event (the announcement JSON); then the outbox entries (JSON).
    /// Each order takes the next number of the account's <c>order_seq</c> and its event goes on the stream with id
    /// <c>SEQ-0</c>; the numbers start above both <c>order_seq</c> and the stream's last id, so an XADD can never be
    /// refused half way through the writes (a config restored without <c>order_seq</c> continues where the stream is).
    /// The stream expires with a final order's holdings: a dormant account's events do not stay in memory for good, and
    /// <c>order_seq</c> stays, so a client resuming after that is told to reload its orders.
    /// Reply: {3, '0'} unknown account; {2, revision, prior result} duplicate key; {4, revision} fenced (the lock does not
    /// hold the fence: expired or taken); {1, revision} conflict (revision moved, or the stored balance is not the one the
    /// new balance was computed from); {0, new revision, first order seq ('0' without orders)} written.
    /// </summary>
    public static readonly RedisScript Commit = new("trading commit", """
        local a = ARGV
        local config, index, outbox, closed, request, fence, events = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
        if redis.call('EXISTS', config) == 0 then
          return {3, '0'}
        end
        if a[4] == '1' then
          local prior = redis.call('GET', request)
          if prior then
            return {2, redis.call('HGET', config, 'revision') or '0', prior}
          end
        end
        local current = redis.call('HMGET', config, 'revision', 'wallet_balance')
        local revision = current[1] or '0'
        if a[11] ~= '' and redis.call('GET', fence) ~= a[11] then
          return {4, revision}
        end
        if revision ~= a[1] or (a[2] ~= '' and current[2] ~= a[2]) then
          return {1, revision}
        end
        local orders = tonumber(a[9])
        local seq = 0
        if orders > 0 then
          seq = tonumber(redis.call('HGET', config, 'order_seq') or '0')
          local top = redis.call('XREVRANGE', events, '+', '-', 'COUNT', 1)[1]
          if top then
            local held = tonumber(string.match(top[1], '^%d+'))
            if held > seq then
              seq = held
            end
          end
          redis.call('HSET', config, 'order_seq', string.format('%d', seq + orders))
        end
        local k = 13
        local cap = tonumber(a[8])
        for i = 1, orders do
          local key = KEYS[7 + i]
          local id, final, n = a[k], a[k + 1], tonumber(a[k + 2])
          local was_final = redis.call('EXISTS', key) == 1 and redis.call('SISMEMBER', index, id) == 0
          redis.call('DEL', key)
          redis.call('HSET', key, unpack(a, k + 3, k + 2 + 2 * n))
          redis.call('XADD', events, 'MAXLEN', '~', a[12], string.format('%d-0', seq + i), 'order', a[k + 3 + 2 * n])
          k = k + 4 + 2 * n
          if final == '1' then
            redis.call('SREM', index, id)
            redis.call('EXPIRE', key, a[7])
            if not was_final then
              redis.call('LPUSH', closed, id)
              redis.call('LTRIM', closed, 0, cap - 1)
            end
          else
            redis.call('SADD', index, id)
          end
        end
        if orders > 0 then
          redis.call('EXPIRE', events, a[7])
        end
        local entries = tonumber(a[10])
        if entries > 0 then
          redis.call('RPUSH', outbox, unpack(a, k, k + entries - 1))
        end
        if a[2] ~= '' then
          redis.call('HSET', config, 'wallet_balance', a[3])
        end
        if a[4] == '1' then
          redis.call('SET', request, a[5], 'EX', a[6])
        end
        return {0, tostring(redis.call('HINCRBY', config, 'revision', 1)), orders > 0 and string.format('%d', seq + 1) or '0'}
        """);

    /// <summary>
    /// An account's order events after a number: KEYS: config, order events stream; ARGV: the number, the most to read.
    /// Reply: {last (the greater of <c>order_seq</c> and the stream's last id), first retained id's number ('0' when the
    /// stream is empty or gone), then per event its number and its JSON}. One script, so the bounds and the page agree.
    /// </summary>
    public static readonly RedisScript ReadOrderEvents = new("order events read", """
        local config, events = KEYS[1], KEYS[2]
        local last = tonumber(redis.call('HGET', config, 'order_seq') or '0')
        local top = redis.call('XREVRANGE', events, '+', '-', 'COUNT', 1)[1]
        if top then
          local held = tonumber(string.match(top[1], '^%d+'))
          if held > last then
            last = held
          end
        end
        local first = redis.call('XRANGE', events, '-', '+', 'COUNT', 1)[1]
        local out = {string.format('%d', last), first and string.match(first[1], '^%d+') or '0'}
        if first then
          for _, entry in ipairs(redis.call('XRANGE', events, '(' .. ARGV[1] .. '-0', '+', 'COUNT', ARGV[2])) do
            local fields = entry[2]
            for f = 1, #fields, 2 do
              if fields[f] == 'order' then
                out[#out + 1] = string.match(entry[1], '^%d+')
                out[#out + 1] = fields[f + 1]
              end
            end
          end
        end
        return out
        """);

    /// <summary>
    /// Creates an account or changes its configuration, appending its outbox entries. KEYS: config, ledger outbox.
    /// ARGV: the expected revision ('' when the account must not exist yet); the expected wallet_balance; the number of
    /// fields to set, the number to delete, the number of outbox entries; the fields and values; the fields to delete;
    /// the entries. A new account starts at revision 1; a change raises it by one.
    /// Reply: {1, revision} conflict (it exists, or not, or moved since it was read); {0, revision after it} written.
    /// </summary>
    public static readonly RedisScript PutAccount = new("trading account put", """
        local key, outbox = KEYS[1], KEYS[2]
        local set, del, events = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
        local existed = redis.call('EXISTS', key) == 1
        local current = redis.call('HMGET', key, 'revision', 'wallet_balance')
        if ARGV[1] == '' then
          if existed then
            return {1, current[1] or '0'}
          end
        elseif not existed or (current[1] or '0') ~= ARGV[1] or (current[2] or '(none)') ~= ARGV[2] then
          return {1, current[1] or '0'}
        end
        local k = 6
        redis.call('HSET', key, unpack(ARGV, k, k - 1 + 2 * set))
        k = k + 2 * set
        if del > 0 then
          redis.call('HDEL', key, unpack(ARGV, k, k - 1 + del))
        end
        k = k + del
        if events > 0 then
          redis.call('RPUSH', outbox, unpack(ARGV, k, k - 1 + events))
        end
        if existed then
          return {0, tostring(redis.call('HINCRBY', key, 'revision', 1))}
        end
        redis.call('HSET', key, 'revision', 1)
        return {0, '1'}
        """);

    /// <summary>Replies of <see cref="RestoreAccount"/>: the first element.</summary>
    public const long Restored = 0, KeptNewer = 1;

    /// <summary>
    /// Puts an account back as the ledger has it, appending nothing to its outbox. KEYS: config, orders index, then one
    /// holdings hash per order. ARGV: the revision to restore at; the holdings key prefix (for the ids the index holds
    /// now); the number of config fields; the number of orders; the config fields and values; per order its id, its field
    /// count and its fields and values. The held active orders' holdings go, the config is replaced, the orders written
    /// and indexed; final orders, idempotency keys and the order event sequence (<c>order_seq</c>) stay. Revisions are compared as decimal digit strings, not numbers.
    /// Reply: {1, revision} the account is held at that revision, at or above the restored one: nothing written;
    /// {0, revision before ('0' when absent)} restored.
    /// </summary>
    public static readonly RedisScript RestoreAccount = new("trading account restore", """
        local config, index = KEYS[1], KEYS[2]
        local target, prefix, fields, orders = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
        local current = redis.call('HGET', config, 'revision') or (redis.call('EXISTS', config) == 1 and '0' or nil)
        if current and (#current > #target or (#current == #target and current >= target)) then
          return {1, current}
        end
        for _, id in ipairs(redis.call('SMEMBERS', index)) do
          redis.call('DEL', prefix .. id)
        end
        local seq = redis.call('HGET', config, 'order_seq')
        redis.call('DEL', index, config)
        local k = 5
        redis.call('HSET', config, 'revision', target, unpack(ARGV, k, k - 1 + 2 * fields))
        if seq then
          redis.call('HSET', config, 'order_seq', seq)
        end
        k = k + 2 * fields
        for i = 1, orders do
          local key = KEYS[2 + i]
          local id, n = ARGV[k], tonumber(ARGV[k + 1])
          redis.call('DEL', key)
          redis.call('HSET', key, unpack(ARGV, k + 2, k + 1 + 2 * n))
          redis.call('SADD', index, id)
          k = k + 2 + 2 * n
        end
        return {0, current or '0'}
        """);

    /// <summary>
    /// Takes an account's stop-out lock: KEYS: the lock, the fence counter; ARGV: the holder, the TTL (ms). Reply: the
    /// new fence token (the counter raised), or 0 when the lock is held.
    /// </summary>
    public static readonly RedisScript LockStopOut = new("autocutoff stop-out lock", """
        if redis.call('EXISTS', KEYS[1]) == 1 then
          return 0
        end
        local token = redis.call('INCR', KEYS[2])
        redis.call('SET', KEYS[1], token .. ':' .. ARGV[1], 'PX', ARGV[2])
        return token
        """);

    /// <summary>Renews (ARGV[2] = TTL ms) or, with ARGV[2] = '0', releases a stop-out lock (KEYS[1]) only while it holds ARGV[1]. Reply: 1 done, 0 not held.</summary>
    public static readonly RedisScript RenewStopOut = new("autocutoff stop-out renew", """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return 0
        end
        if ARGV[2] == '0' then
          redis.call('DEL', KEYS[1])
        else
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 1
        """);

    /// <summary>
    /// Trims an account's ledger outbox: KEYS: the outbox; ARGV: how many entries, the last of them as read. The
    /// entries go only if the last is still there (else nothing). Reply: how many are left.
    /// </summary>
    public static readonly RedisScript TrimOutbox = new("ledger outbox trim", """
        local n = tonumber(ARGV[1])
        if n > 0 and redis.call('LINDEX', KEYS[1], n - 1) == ARGV[2] then
          redis.call('LTRIM', KEYS[1], n, -1)
        end
        return redis.call('LLEN', KEYS[1])
        """);

    /// <summary>
    /// An account at one revision: KEYS: config, orders index; ARGV: the holdings key prefix. Reply: nil when the
    /// account does not exist, else {config fields and values, then per active order its id and its holdings fields
    /// and values} (an empty list for an id whose holdings hash is gone).
    /// </summary>
    public static readonly RedisScript ReadAccount = new("trading account read", """
        local config = redis.call('HGETALL', KEYS[1])
        if #config == 0 then
          return false
        end
        local out = {config}
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
          out[#out + 1] = id
          out[#out + 1] = redis.call('HGETALL', ARGV[1] .. id)
        end
        return out
        """);
}
