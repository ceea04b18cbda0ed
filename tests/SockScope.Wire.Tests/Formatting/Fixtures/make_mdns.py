# Writes mdns-crafted.pcap: python3 make_mdns.py mdns-crafted.pcap (then tcpdump -nn -tt [-v|-vv|-e] -r it, TZ=UTC).
import os, sys; exec(open(os.path.join(os.path.dirname(__file__), "crafted_pcap.py")).read())
import ipaddress
A=lambda ip: bytes(map(int,ip.split('.')))
q1=dns(0,0,[('_http._tcp.local',12,0x8001)])
q2=dns(0,0,[('host.local',1,1),('host.local',28,0x8001)])
r1=dns(0,0x8400,[],[('host.local',1,0x8001,120,A('10.0.0.5')),('_http._tcp.local',12,1,4500,name('web._http._tcp.local'))],[],[('web._http._tcp.local',33,0x8001,120,struct.pack('!HHH',0,0,80)+name('host.local')),('web._http._tcp.local',16,0x8001,4500,b'\x05path=')])
r2=dns(0,0x8400,[],[('host.local',28,0x8001,120,ipaddress.IPv6Address('fe80::1').packed)],[],[('host.local',47,0x8001,120,name('host.local')+b'\x00\x04\x40\x00\x00\x08')])
q3=dns(0x1234,0x0100,[('host.local',1,1)])
pkts=[ipv4udp('10.0.0.1','224.0.0.251',5353,5353,q1),ipv4udp('10.0.0.1','224.0.0.251',5353,5353,q2),
ipv4udp('10.0.0.5','224.0.0.251',5353,5353,r1),ipv6udp('fe80::5','ff02::fb',5353,5353,r2),
ipv4udp('10.0.0.1','224.0.0.251',40000,5353,q3),ipv4udp('10.0.0.5','10.0.0.1',5353,40000,dns(0x1234,0x8400,[('host.local',1,1)],[('host.local',1,0x8001,10,A('10.0.0.5'))])),
ipv4udp('10.0.0.5','224.0.0.251',5353,5353,q1[:20]), ipv4udp('10.0.0.5','224.0.0.251',5353,5353,b'\x00'*5),
ipv4udp('10.0.0.1','10.0.0.2',53,5353,dns(7,0,[('x.local',1,0x8001)])),
ipv4udp('10.0.0.1','10.0.0.2',5353,53,dns(7,0,[('x.local',1,0x8001)])),
ipv4udp('10.0.0.1','224.0.0.251',5353,5353,dns(0,0,[('x.local',1,0x8003),('y.local',1,0x0003)])),
ipv4udp('10.0.0.1','224.0.0.251',5353,5353,dns(0,0x8400,[],[('x.local',1,0x8003,5,A('1.2.3.4')),('x.local',1,0x0003,5,A('1.2.3.4')),('x.local',1,0x80fe,5,A('1.2.3.4'))])),
ipv4udp('10.0.0.1','224.0.0.251',5353,5353,dns(0,0x8400,[],[],[],[('',41,0x85a0,0x8000,b'')])),
ipv4udp('10.0.0.1','224.0.0.251',5353,5353,dns(0,0x0,[('x.local',255,0x80ff)])),
]
pcap(sys.argv[1],pkts)
