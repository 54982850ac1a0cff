#!/usr/bin/python3
"""A stand-in camera service for the demo: listens on HOST:PORT and answers every connection
with one line naming itself, like an RTSP/ONVIF/HTTP banner. Prints "listening" when ready."""
import socket
import sys

host, port, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((host, port))
s.listen(16)
print(f"listening {host}:{port}", flush=True)
while True:
    c, _ = s.accept()
    try:
        c.sendall(f"{name} at {host}:{port}\r\n".encode())
    finally:
        c.close()
