#!/bin/bash
# monitor_production.sh

while true; do
    echo "=== $(date) ==="
    
    # Check Redis
    REDIS_STATE=$(curl -s http://localhost:8000/api/debug/redis-cluster | jq -r '.cluster_health.cluster_state // "error"')
    echo "Redis: $REDIS_STATE"
    
    # Check WebSocket
    WS_RUNNING=$(curl -s http://localhost:8000/api/debug/websocket | jq -r '.connection_status.is_running // false')
    echo "WebSocket: $WS_RUNNING"
    
    # Check Market Data
    FRESHNESS=$(curl -s http://localhost:8000/api/debug/market-data | jq -r '.data_freshness.freshness_rate // 0')
    echo "Data Freshness: ${FRESHNESS}%"
    
    # Alert on issues
    if [[ "$REDIS_STATE" != "ok" ]]; then
        echo "🚨 ALERT: Redis cluster unhealthy!"
    fi
    
    if [[ "$WS_RUNNING" != "true" ]]; then
        echo "🚨 ALERT: WebSocket listener down!"
    fi
    
    if (( $(echo "$FRESHNESS < 50" | bc -l) )); then
        echo "🚨 ALERT: Stale market data!"
    fi
    
    sleep 60  # Check every minute
done
