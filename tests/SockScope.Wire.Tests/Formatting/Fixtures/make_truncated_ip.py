# Writes truncated-ip-crafted.pcap: IPv4 datagrams whose total length claims more than the frame holds ("truncated-ip").
import os, sys; exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "crafted_pcap.py")).read())
def ip4claim(src,dst,proto,payload,claimed):
    s=bytes(map(int,src.split('.'))); d=bytes(map(int,dst.split('.')))
    ip=struct.pack('!BBHHHBBH4s4s',0x45,0,claimed,0x1234,0,64,proto,0,s,d)
    return ip[:10]+struct.pack('!H',csum(ip))+ip[12:]+payload
def eth4(p): return bytes.fromhex('0200000000020200000000010800')+p
echo=struct.pack('!BBHHH',8,0,0,7,1)+b'abcd'; echo=echo[:2]+struct.pack('!H',csum(echo))+echo[4:]
unr=struct.pack('!BBHI',3,3,0,0)+ip4claim('10.0.0.2','10.0.0.9',17,struct.pack('!HHHH',5000,53,20,0),48)
tcp=struct.pack('!HHIIBBHHH',1000,80,1,0,0x50,0x18,512,0,0)+b'GET '
udp=struct.pack('!HHHH',1000,2000,200,0)+b'xy'
igmp=struct.pack('!BBH4s',0x16,0,0,bytes([239,1,1,1]))
tcp2=tcp[:20]+b'GET / HTTP/1.1\r'
tcp3=tcp[:20]+b'GET / HTTP/1.1\r\nHo'
tcp4=tcp[:20]+b'HTTP/1.1 200 OK\r\n'
pk=[eth4(ip4claim('10.0.0.1','10.0.0.2',p,pl,c)) for p,pl,c in ((1,echo,100),(1,unr,1500),(6,tcp,300),(17,udp,220),(2,igmp,40),(6,tcp2,300),(6,tcp3,300),(6,tcp4,300))]
pcap(sys.argv[1],pk)
