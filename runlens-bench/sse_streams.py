#!/usr/bin/env python3
"""Live-stream measurements against a running Runlens (see docs/streaming.md).

  runlens-bench/sse_streams.py latency URL TOKEN SECONDS   lag from Temporal's event time to this client, for
                                                    timeline events recorded after the stream opened
  runlens-bench/sse_streams.py hold URL TOKEN COUNT SECONDS opens COUNT streams, keeps reading them for
                                                    SECONDS, then exits (closing every connection)

URL is a stream URL (.../api/v1/executions/{id}/stream), TOKEN a bearer token of its organization.
Standard library only.
"""
import datetime
import http.client
import json
import sys
import threading
import time
import urllib.parse


def open_stream(url, token):
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    connection.request('GET', url.path, headers={'Authorization': 'Bearer ' + token, 'Accept': 'text/event-stream'})
    return connection.getresponse()


def latency(url, token, seconds):
    response = open_stream(url, token)
    opened = time.time()
    lags, name = [], None
    while time.time() - opened < seconds:
        line = response.fp.readline().decode().rstrip('\n')
        if line.startswith('event:'):
            name = line[6:]
        elif line.startswith('data:') and name == 'timeline':
            entry = json.loads(line[5:])
            recorded = datetime.datetime.fromisoformat(entry['timestamp'].replace('Z', '+00:00')).timestamp()
            # Temporal writes ActivityTaskStarted when the activity closes, stamped with its start time.
            if recorded > opened and entry['type'] != 'activity_started':
                lags.append(time.time() - recorded)
    lags.sort()
    print('%d live timeline events; lag median %.0f ms, p90 %.0f ms, max %.0f ms' % (
        len(lags), 1000 * lags[len(lags) // 2], 1000 * lags[int(len(lags) * 0.9)], 1000 * lags[-1]))


def hold(url, token, count, seconds):
    responses = [open_stream(url, token) for _ in range(count)]
    print('opened %d streams, %d answered 200' % (count, sum(r.status == 200 for r in responses)), flush=True)

    def drain(response):
        try:
            while response.fp.readline():
                pass
        except OSError:
            pass

    for response in responses:
        threading.Thread(target=drain, args=(response,), daemon=True).start()
    time.sleep(seconds)
    print('exiting: every connection closes with the process', flush=True)


if __name__ == '__main__':
    mode, url, token = sys.argv[1], urllib.parse.urlparse(sys.argv[2]), sys.argv[3]
    if mode == 'latency':
        latency(url, token, float(sys.argv[4]))
    else:
        hold(url, token, int(sys.argv[4]), float(sys.argv[5]))
